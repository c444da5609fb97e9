import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { serviceActorId } from '../http/audit.js';
import { tenantParams } from '../contract/common.js';
import { auditPageSchema, auditVerificationSchema } from '../contract/audit.js';
import { streamNdjson } from '../http/ndjson.js';
import type { AuditEntry } from '../services/audit-log.js';

/** Entries an export reads at a time. */
const EXPORT_PAGE = 1000;
/** What an export without `from` covers: the day before `to`. */
const DEFAULT_EXPORT_RANGE_MS = 24 * 60 * 60 * 1000;

/** How the audit log's actor ids of service accounts begin. */
const SERVICE_ACTOR_PREFIX = serviceActorId('');

/** The tenant's append-only, hash-chained audit log. */
export const auditRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/audit',
    summary: 'Audit entries, oldest first, filtered by action, actor, target and time; `after` is the cursor',
    tags: ['audit'],
    access: { kind: 'tenant', permission: 'audit.read' },
    params: tenantParams,
    query: z.object({
      action: z.string().max(100).optional(),
      actorId: z.string().max(100).optional(),
      targetId: z.string().max(200).optional(),
      from: z.iso.datetime().optional(),
      to: z.iso.datetime().optional(),
      after: z.coerce.number().int().min(0).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    response: auditPageSchema,
    handler: async ({ app, tenant, query }) => {
      const items = await app.audit.list(tenant.tenant.id, {
        ...query,
        from: query.from === undefined ? undefined : Date.parse(query.from),
        to: query.to === undefined ? undefined : Date.parse(query.to),
      });
      const actors: Record<string, { name: string; email: string; kind: 'person' | 'service-account' }> = {};
      for (const id of new Set(items.map((item) => item.actorId))) {
        const accountName = id.startsWith(SERVICE_ACTOR_PREFIX) ? await app.serviceAccounts.nameOf(id.slice(SERVICE_ACTOR_PREFIX.length)) : undefined;
        if (accountName !== undefined) {
          actors[id] = { name: accountName, email: '', kind: 'service-account' };
          continue;
        }
        const user = id.startsWith('system') ? undefined : await app.sessions.userById(id);
        if (user) actors[id] = { name: user.name, email: user.email, kind: 'person' };
      }
      return { items, nextAfter: items.length === query.limit ? (items[items.length - 1]?.seq ?? null) : null, actors };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/audit/export',
    summary: 'The audit log of a time range (`from`, `to`; the last 24 hours by default) as NDJSON (one entry per line, oldest first), streamed, for a SIEM',
    tags: ['audit'],
    access: { kind: 'tenant', permission: 'audit.read' },
    params: tenantParams,
    query: z
      .object({ from: z.iso.datetime().optional(), to: z.iso.datetime().optional() })
      .refine((query) => query.from === undefined || query.to === undefined || Date.parse(query.from) < Date.parse(query.to), { path: ['to'], message: 'must be after from' }),
    response: z.unknown(),
    handler: async ({ app, tenant, query, res }) => {
      const to = query.to === undefined ? Date.now() : Date.parse(query.to);
      const range = { from: query.from === undefined ? to - DEFAULT_EXPORT_RANGE_MS : Date.parse(query.from), to };
      const name = `audit-${tenant.tenant.slug}-${new Date(range.from).toISOString().slice(0, 10)}-${new Date(range.to).toISOString().slice(0, 10)}.ndjson`;
      await streamNdjson(res, name, (last: AuditEntry | undefined) => app.audit.list(tenant.tenant.id, { ...range, after: last?.seq ?? 0, limit: EXPORT_PAGE }));
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/audit/verify',
    summary: "Recompute the tenant's hash chain; reports ok or the first broken entry",
    tags: ['audit'],
    access: { kind: 'tenant', permission: 'audit.read' },
    params: tenantParams,
    response: auditVerificationSchema,
    handler: ({ app, tenant }) => app.audit.verify(tenant.tenant.id),
  }),
];
