import { z } from 'zod';
import { DomainError, invalid } from '../domain/domain-error.js';
import { actorIdOf, audited } from '../http/audit.js';
import { decodeExceptionCursor, encodeExceptionCursor } from '../exceptions/exception-cursor.js';
import { defineRoute, type RouteCall, type RouteDefinition } from '../http/route.js';
import { idSchema, tenantParams } from '../contract/common.js';
import { bulkChangeSchema, changeExceptionSchema, exceptionDetailSchema, exceptionListQuery, exceptionNoteSchema, exceptionSchema, reportExceptionSchema } from '../contract/exceptions.js';
import { listedTenants } from './listed-tenants.js';

const exceptionParams = tenantParams.extend({ exceptionId: idSchema });

/**
 * The member an exception is assigned to: `me` (the caller), someone who can open the workspace,
 * or nobody (null); anyone else is refused at `path`.
 */
async function assignee(call: RouteCall<{ tenantId: string }, unknown, unknown>, given: string | null | undefined, path: string): Promise<string | null | undefined> {
  if (given === undefined || given === null) return given;
  const id = given === 'me' ? call.auth?.user.id : given;
  if (id === undefined) throw invalid('a service account is nobody to assign to', [{ path, message: 'name a member' }]);
  if (!(await call.app.access.resolve(id, call.params.tenantId))) throw invalid('assign the exception to a member of the workspace', [{ path, message: `"${given}" is no member of this workspace` }]);
  return id;
}

/** Exceptions: raised by workflows and failed runs, reported by people, worked through their states. */
export const exceptionRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/exceptions',
    summary:
      "List exceptions, newest first (or `order=priority`: the remediation queue's order, highest priority first, then oldest), by state (or `unresolved`), category, severity, workflow and assignee (`me`), with cursor pagination; a partner's workspace lists its customers' too with `scope=customers` (or one customer's with `customerId`)",
    tags: ['exceptions'],
    access: { kind: 'tenant', permission: 'exception.read' },
    params: tenantParams,
    query: exceptionListQuery,
    response: z.object({ items: z.array(exceptionSchema), nextCursor: z.string().nullable() }),
    handler: async (call) => {
      const { query } = call;
      const assigneeId = query.assignee === 'me' ? (call.auth?.user.id ?? '') : query.assignee;
      const items = await call.app.exceptions.list(await listedTenants(call, 'exceptions'), { ...query, assigneeId, after: decodeExceptionCursor(query.cursor, query.order), limit: query.limit });
      const last = items.length === query.limit ? items[items.length - 1] : undefined;
      return { items, nextCursor: last ? encodeExceptionCursor(last, query.order) : null };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/exceptions',
    summary: 'Report an exception by hand (a person noticed something a workflow did not)',
    tags: ['exceptions'],
    access: { kind: 'tenant', permission: 'exception.manage' },
    status: 201,
    params: tenantParams,
    body: reportExceptionSchema,
    response: exceptionSchema,
    handler: async (call) =>
      await audited(
        call,
        'exception.report',
        (reported) => ({ type: 'exception', id: reported.id }),
        () => call.app.exceptions.report(call.tenant.tenant.id, call.body),
        (reported) => ({ details: { key: reported.key, category: reported.category, severity: reported.severity } }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/exceptions/:exceptionId',
    summary: 'One exception with its notes and the runs it concerns',
    tags: ['exceptions'],
    access: { kind: 'tenant', permission: 'exception.read' },
    params: exceptionParams,
    response: exceptionDetailSchema,
    handler: ({ app, tenant, params }) => app.exceptions.get(tenant.tenant.id, params.exceptionId),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/v1/tenants/:tenantId/exceptions/:exceptionId',
    summary: 'Work an exception: assign it (`me`, a member, or null), move it through its states, correct its category, severity or priority, with a note',
    tags: ['exceptions'],
    access: { kind: 'tenant', permission: 'exception.manage' },
    params: exceptionParams,
    body: changeExceptionSchema,
    response: exceptionDetailSchema,
    errors: { 422: 'The state cannot follow the current one, or the assignee is no member' },
    handler: async (call) => {
      const before = await call.app.exceptions.get(call.tenant.tenant.id, call.params.exceptionId);
      const change = { ...call.body, assigneeId: await assignee(call, call.body.assigneeId, 'body.assigneeId') };
      return await audited(
        call,
        'exception.change',
        { type: 'exception', id: before.id },
        () => call.app.exceptions.change(call.tenant.tenant.id, actorIdOf(call), before.id, change),
        (after) => ({
          before: { state: before.state, assigneeId: before.assigneeId, category: before.category, severity: before.severity, priority: before.priority },
          after: { state: after.state, assigneeId: after.assigneeId, category: after.category, severity: after.severity, priority: after.priority },
          details: { key: after.key },
        }),
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/exceptions/bulk',
    summary: 'Work several exceptions at once — assign them (`me`, a member, null) or move them to a state, with one note — all or none (422 at `ids.<index>` for one that cannot)',
    tags: ['exceptions'],
    access: { kind: 'tenant', permission: 'exception.manage' },
    params: tenantParams,
    body: bulkChangeSchema,
    response: z.object({ items: z.array(exceptionSchema) }),
    handler: async (call) => {
      const change = { ...call.body.change, assigneeId: await assignee(call, call.body.change.assigneeId, 'body.change.assigneeId') };
      const tenantId = call.tenant.tenant.id;
      const items = await call.app.sql.transaction(async () => {
        const changed = [];
        for (const [index, id] of call.body.ids.entries()) {
          try {
            changed.push(await audited(call, 'exception.change', { type: 'exception', id }, () => call.app.exceptions.change(tenantId, actorIdOf(call), id, change), (after) => ({ details: { key: after.key, bulk: true } })));
          } catch (error) {
            if (error instanceof DomainError) throw invalid(`exception ${index + 1} of ${call.body.ids.length}: ${error.message}`, [{ path: `body.ids.${index}`, message: error.message }]);
            throw error;
          }
        }
        return changed;
      });
      return { items };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/exceptions/:exceptionId/notes',
    summary: 'Add a note to an exception',
    tags: ['exceptions'],
    access: { kind: 'tenant', permission: 'exception.manage' },
    status: 201,
    params: exceptionParams,
    body: exceptionNoteSchema,
    response: exceptionDetailSchema,
    handler: async (call) =>
      await audited(
        call,
        'exception.note',
        { type: 'exception', id: call.params.exceptionId },
        () => call.app.exceptions.addNote(call.tenant.tenant.id, actorIdOf(call), call.params.exceptionId, call.body.text),
        (detail) => ({ details: { key: detail.key } }),
      ),
  }),
];
