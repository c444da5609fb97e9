import { z } from 'zod';
import { audited } from '../http/audit.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { tenantAllowListSchema } from '../services/egress-allowlists.js';
import { tenantParams } from '../contract/common.js';

const allowListSchema = z.object({
  entries: z.array(z.string()),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

/** The workspace's egress allow-list: private-network hosts its runs may reach. */
export const egressRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/egress-allowlist',
    summary: "The workspace's egress allow-list (private-network host:port patterns its runs may reach)",
    tags: ['tenants'],
    access: { kind: 'tenant', permission: 'tenant.read' },
    params: tenantParams,
    response: allowListSchema,
    handler: ({ app, tenant }) => app.egressAllowLists.get(tenant.tenant.id),
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/tenants/:tenantId/egress-allowlist',
    summary: "Set the workspace's egress allow-list (owners); it can open private networks only, never loopback or link-local",
    tags: ['tenants'],
    access: { kind: 'tenant', permission: 'policy.manage' },
    params: tenantParams,
    body: z.strictObject({ entries: tenantAllowListSchema }),
    response: allowListSchema,
    handler: async (call) => {
      const tenantId = call.tenant.tenant.id;
      const before = (await call.app.egressAllowLists.get(tenantId)).entries;
      const updated = await audited(
        call,
        'tenant.egress.update',
        { type: 'tenant', id: tenantId },
        () => call.app.egressAllowLists.set(tenantId, call.body.entries, call.auth?.user.id ?? ''),
        (after) => ({ before, after: after.entries, details: { entries: after.entries } }),
      );
      // After the commit: the tenant's pooled connections were checked against the old list.
      call.app.egress.tenantListChanged(tenantId);
      return updated;
    },
  }),
];
