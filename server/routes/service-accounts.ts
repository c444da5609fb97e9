import { z } from 'zod';
import { audited } from '../http/audit.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { idSchema, tenantParams } from '../contract/common.js';
import {
  createServiceAccountBody,
  createTokenBody,
  createdServiceAccountSchema,
  createdTokenSchema,
  serviceAccountSchema,
  serviceAccountTokenSchema,
  updateServiceAccountBody,
} from '../contract/service-accounts.js';

const accountParams = tenantParams.extend({ accountId: idSchema });
const tokenParams = accountParams.extend({ tokenId: idSchema });
const MANAGE = { kind: 'tenant', permission: 'service-account.manage' } as const;

/**
 * A workspace's service accounts (owners; a partner's owners in its customers' too). A token's value
 * is answered once, by the call that creates it, and never listed, logged or audited.
 */
export const serviceAccountRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/service-accounts',
    summary: "The workspace's service accounts with their scopes, workflows and tokens (expiry and last use, never values)",
    tags: ['service-accounts'],
    access: MANAGE,
    params: tenantParams,
    response: z.array(serviceAccountSchema),
    handler: ({ app, tenant }) => app.serviceAccounts.list(tenant.tenant.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/service-accounts',
    summary: 'Create a service account with its scopes and first token (the token value is in this answer only)',
    tags: ['service-accounts'],
    access: MANAGE,
    status: 201,
    params: tenantParams,
    body: createServiceAccountBody,
    response: createdServiceAccountSchema,
    errors: { 409: 'the workspace already has a service account of that name, or has the most it may' },
    handler: async (call) => {
      const { expiresInDays, ...fields } = call.body;
      return await audited(
        call,
        'service-account.create',
        (result) => ({ type: 'service-account', id: result.account.id }),
        () => call.app.serviceAccounts.create(call.tenant.tenant.id, call.auth?.user.id ?? '', fields, expiresInDays),
        (result) => ({
          details: { name: result.account.name, scopes: result.account.scopes, workflowIds: fields.workflowIds, tokenId: result.token.id, expiresAt: result.token.expiresAt },
        }),
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/service-accounts/:accountId',
    summary: 'One service account',
    tags: ['service-accounts'],
    access: MANAGE,
    params: accountParams,
    response: serviceAccountSchema,
    handler: ({ app, tenant, params }) => app.serviceAccounts.get(tenant.tenant.id, params.accountId),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/v1/tenants/:tenantId/service-accounts/:accountId',
    summary: "Rename a service account or change its scopes or workflows (its tokens carry the change at once)",
    tags: ['service-accounts'],
    access: MANAGE,
    params: accountParams,
    body: updateServiceAccountBody,
    response: serviceAccountSchema,
    errors: { 409: 'the workspace already has a service account of that name' },
    handler: async (call) =>
      await audited(
        call,
        'service-account.update',
        { type: 'service-account', id: call.params.accountId },
        () => call.app.serviceAccounts.update(call.tenant.tenant.id, call.params.accountId, call.body),
        (result) => ({ details: { name: result.name, changed: Object.keys(call.body), scopes: result.scopes, workflowIds: result.workflows?.map((workflow) => workflow.id) ?? null } }),
      ),
  }),
  ...(['disable', 'enable'] as const).map((action) =>
    defineRoute({
      method: 'post',
      path: `/api/v1/tenants/:tenantId/service-accounts/:accountId/${action}`,
      summary: action === 'disable' ? 'Disable a service account: every token of it stops working at once' : 'Enable a disabled service account again (its unexpired tokens work again)',
      tags: ['service-accounts'],
      access: MANAGE,
      params: accountParams,
      response: serviceAccountSchema,
      handler: async (call) =>
        await audited(
          call,
          `service-account.${action}`,
          { type: 'service-account', id: call.params.accountId },
          () => call.app.serviceAccounts.setDisabled(call.tenant.tenant.id, call.params.accountId, action === 'disable'),
          (result) => ({ details: { name: result.name } }),
        ),
    }),
  ),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/service-accounts/:accountId/tokens',
    summary: 'Create a token for a service account, with a required expiry (at most a year); its value is in this answer only',
    tags: ['service-accounts'],
    access: MANAGE,
    status: 201,
    params: accountParams,
    body: createTokenBody,
    response: createdTokenSchema,
    errors: { 409: 'the service account has the most live tokens it may' },
    handler: async (call) =>
      await audited(
        call,
        'service-account.token.create',
        { type: 'service-account', id: call.params.accountId },
        () => call.app.serviceAccounts.createToken(call.tenant.tenant.id, call.params.accountId, call.auth?.user.id ?? '', call.body.expiresInDays),
        (result) => ({ details: { tokenId: result.id, expiresAt: result.expiresAt } }),
      ),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/tenants/:tenantId/service-accounts/:accountId/tokens/:tokenId',
    summary: 'Revoke a token of a service account: it stops working at once',
    tags: ['service-accounts'],
    access: MANAGE,
    params: tokenParams,
    response: serviceAccountTokenSchema,
    handler: async (call) =>
      await audited(
        call,
        'service-account.token.revoke',
        { type: 'service-account', id: call.params.accountId },
        () => call.app.serviceAccounts.revokeToken(call.tenant.tenant.id, call.params.accountId, call.params.tokenId),
        (result) => ({ details: { tokenId: result.id } }),
      ),
  }),
];
