import { z } from 'zod';
import { conflict } from '../domain/domain-error.js';
import { audited } from '../http/audit.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { nodeCatalog } from '../../nodes/catalog.js';
import { credentialUsage } from '../services/credential-usage.js';
import type { AppContext } from '../context.js';
import type { CredentialSummary } from '../services/credentials.js';
import { idSchema, tenantParams } from '../contract/common.js';
import { credentialHostsSchema, credentialSchema as withUsageSchema, credentialSecretSchema, newCredentialSchema } from '../contract/credentials.js';

const credentialParams = tenantParams.extend({ credentialId: idSchema });

/** Every answer about a credential says which workflows use it. */
async function withUsage(app: AppContext, tenantId: string, credential: CredentialSummary): Promise<z.infer<typeof withUsageSchema>> {
  return { ...credential, usedBy: (await credentialUsage(app.sql, nodeCatalog, tenantId)).get(credential.id) ?? [] };
}

/**
 * Connector credentials: values are write-only, encrypted at rest, never returned. Each names the
 * hosts it may be sent to (credential writers set them); whether test runs of drafts may use it is
 * an owner's decision.
 */
export const credentialRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/credentials',
    summary: 'Credentials of the tenant (names and types, never values) with the workflows that use each',
    tags: ['credentials'],
    access: { kind: 'tenant', permission: 'credential.read' },
    params: tenantParams,
    response: z.array(withUsageSchema),
    handler: async ({ app, tenant }) => {
      const usage = await credentialUsage(app.sql, nodeCatalog, tenant.tenant.id);
      return (await app.credentials.list(tenant.tenant.id)).map((credential) => ({ ...credential, usedBy: usage.get(credential.id) ?? [] }));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/credentials',
    summary: 'Create a credential (API key, basic, bearer, OAuth2 client credentials) bound to the hosts it may be sent to',
    tags: ['credentials'],
    access: { kind: 'tenant', permission: 'credential.write' },
    status: 201,
    params: tenantParams,
    body: newCredentialSchema,
    response: withUsageSchema,
    handler: async (call) => {
      const created = await audited(
        call,
        'credential.create',
        (result) => ({ type: 'credential', id: result.id }),
        () => call.app.credentials.create(call.tenant.tenant.id, call.auth?.user.id ?? '', call.body.name, call.body.secret, call.body.allowedHosts),
        (result) => ({ details: { name: result.name, type: result.type, allowedHosts: result.allowedHosts } }),
      );
      return withUsage(call.app, call.tenant.tenant.id, created);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/credentials/:credentialId',
    summary: 'One credential (never its values) with the workflows that use it',
    tags: ['credentials'],
    access: { kind: 'tenant', permission: 'credential.read' },
    params: credentialParams,
    response: withUsageSchema,
    handler: async ({ app, tenant, params }) => withUsage(app, tenant.tenant.id, await app.credentials.get(tenant.tenant.id, params.credentialId)),
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/tenants/:tenantId/credentials/:credentialId',
    summary: 'Rotate a credential: new values of the same type',
    tags: ['credentials'],
    access: { kind: 'tenant', permission: 'credential.write' },
    params: credentialParams,
    body: z.object({ secret: credentialSecretSchema }),
    response: withUsageSchema,
    handler: async (call) => {
      const rotated = await audited(
        call,
        'credential.rotate',
        { type: 'credential', id: call.params.credentialId },
        () => call.app.credentials.rotate(call.tenant.tenant.id, call.params.credentialId, call.body.secret),
        (result) => ({ details: { name: result.name } }),
      );
      return withUsage(call.app, call.tenant.tenant.id, rotated);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/tenants/:tenantId/credentials/:credentialId/allowed-hosts',
    summary: 'Set the hosts a credential may be sent to (adding one turns draft use off until an owner allows it again)',
    tags: ['credentials'],
    access: { kind: 'tenant', permission: 'credential.write' },
    params: credentialParams,
    body: z.strictObject({ allowedHosts: credentialHostsSchema }),
    response: withUsageSchema,
    handler: async (call) => {
      const changed = await audited(
        call,
        'credential.hosts.update',
        { type: 'credential', id: call.params.credentialId },
        () => call.app.credentials.setAllowedHosts(call.tenant.tenant.id, call.params.credentialId, call.body.allowedHosts),
        (change) => ({
          before: change.before,
          after: change.credential.allowedHosts,
          details: { name: change.credential.name, allowedHosts: change.credential.allowedHosts, draftUseRevoked: change.draftUseRevoked },
        }),
      );
      return withUsage(call.app, call.tenant.tenant.id, changed.credential);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/tenants/:tenantId/credentials/:credentialId/allow-drafts',
    summary: 'Let test runs of unapproved drafts use a credential, or stop them (owners)',
    tags: ['credentials'],
    access: { kind: 'tenant', permission: 'policy.manage' },
    params: credentialParams,
    body: z.strictObject({ allowDrafts: z.boolean() }),
    response: withUsageSchema,
    handler: async (call) => {
      const updated = await audited(
        call,
        'credential.drafts.update',
        { type: 'credential', id: call.params.credentialId },
        () => call.app.credentials.setAllowDrafts(call.tenant.tenant.id, call.params.credentialId, call.body.allowDrafts),
        (result) => ({ details: { name: result.name, allowDrafts: result.allowDrafts, allowedHosts: result.allowedHosts } }),
      );
      return withUsage(call.app, call.tenant.tenant.id, updated);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/tenants/:tenantId/credentials/:credentialId',
    summary: 'Delete a credential; refused (409) while an active version uses it. Drafts that name it show a problem until changed.',
    tags: ['credentials'],
    access: { kind: 'tenant', permission: 'credential.write' },
    params: credentialParams,
    response: withUsageSchema,
    errors: { 409: 'An active version of a workflow uses the credential' },
    handler: async (call) => {
      const tenantId = call.tenant.tenant.id;
      const usage = await withUsage(call.app, tenantId, await call.app.credentials.get(tenantId, call.params.credentialId));
      const live = usage.usedBy.filter((use) => use.in.includes('active')).map((use) => `"${use.workflowName}"`);
      if (live.length > 0) throw conflict(`the credential is used by the active version of ${live.join(', ')}; change those workflows first`);
      await audited(
        call,
        'credential.delete',
        { type: 'credential', id: call.params.credentialId },
        () => call.app.credentials.remove(tenantId, call.params.credentialId),
        (removed) => ({ details: { name: removed.name } }),
      );
      return usage;
    },
  }),
];
