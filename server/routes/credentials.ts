import { z } from 'zod';
import { audited } from '../http/audit.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { credentialSecretSchema } from '../services/credentials.js';
import { idSchema, tenantParams } from './schemas.js';

const credentialParams = tenantParams.extend({ credentialId: idSchema });
const summarySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(['apiKey', 'basic', 'bearer', 'oauth2ClientCredentials']),
  createdBy: z.string(),
  createdAt: z.string(),
  rotatedAt: z.string().nullable(),
});

/** Connector credentials: values are write-only, encrypted at rest, never returned. */
export const credentialRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/credentials',
    summary: 'Credentials of the tenant (names and types, never values)',
    tags: ['credentials'],
    access: { kind: 'tenant', permission: 'credential.read' },
    params: tenantParams,
    response: z.array(summarySchema),
    handler: ({ app, tenant }) => app.credentials.list(tenant.tenant.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/credentials',
    summary: 'Create a credential (API key, basic, bearer, OAuth2 client credentials)',
    tags: ['credentials'],
    access: { kind: 'tenant', permission: 'credential.write' },
    status: 201,
    params: tenantParams,
    body: z.object({ name: z.string().min(1).max(200), secret: credentialSecretSchema }),
    response: summarySchema,
    handler: (call) =>
      audited(
        call,
        'credential.create',
        (created) => ({ type: 'credential', id: created.id }),
        () => call.app.credentials.create(call.tenant.tenant.id, call.auth?.user.id ?? '', call.body.name, call.body.secret),
        (created) => ({ details: { name: created.name, type: created.type } }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/credentials/:credentialId',
    summary: 'One credential (never its values)',
    tags: ['credentials'],
    access: { kind: 'tenant', permission: 'credential.read' },
    params: credentialParams,
    response: summarySchema,
    handler: ({ app, tenant, params }) => app.credentials.get(tenant.tenant.id, params.credentialId),
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/tenants/:tenantId/credentials/:credentialId',
    summary: 'Rotate a credential: new values of the same type',
    tags: ['credentials'],
    access: { kind: 'tenant', permission: 'credential.write' },
    params: credentialParams,
    body: z.object({ secret: credentialSecretSchema }),
    response: summarySchema,
    handler: (call) =>
      audited(
        call,
        'credential.rotate',
        { type: 'credential', id: call.params.credentialId },
        () => call.app.credentials.rotate(call.tenant.tenant.id, call.params.credentialId, call.body.secret),
        (rotated) => ({ details: { name: rotated.name } }),
      ),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/tenants/:tenantId/credentials/:credentialId',
    summary: 'Delete a credential',
    tags: ['credentials'],
    access: { kind: 'tenant', permission: 'credential.write' },
    params: credentialParams,
    response: summarySchema,
    handler: (call) =>
      audited(
        call,
        'credential.delete',
        { type: 'credential', id: call.params.credentialId },
        () => call.app.credentials.remove(call.tenant.tenant.id, call.params.credentialId),
        (removed) => ({ details: { name: removed.name } }),
      ),
  }),
];
