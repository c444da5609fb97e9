import { z } from 'zod';
import { audited } from '../http/audit.js';
import { decodeCursor, encodeCursor } from '../http/pagination.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { tenantParams } from '../contract/common.js';
import { addClassifierExampleSchema, classifierExampleListQuery, classifierExampleSchema } from '../contract/exceptions.js';

/** The labelled examples the workspace's local classifier (`ai.classify`, provider `local`) learns from. */
export const classifierExampleRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/classifier/examples',
    summary:
      "The workspace's classifier training examples, oldest first: seeded, added by hand, and people's corrections of exception categories; " +
      'by category and source, in pages (`limit`, default 100, at most 500; `cursor` from `nextCursor`)',
    tags: ['exceptions'],
    access: { kind: 'tenant', permission: 'exception.read' },
    params: tenantParams,
    query: classifierExampleListQuery,
    response: z.object({ items: z.array(classifierExampleSchema), nextCursor: z.string().nullable() }),
    handler: async ({ app, tenant, query }) => {
      const items = await app.classifierExamples.page(tenant.tenant.id, { ...query, after: decodeCursor(query.cursor) });
      const last = items.length === query.limit ? items[items.length - 1] : undefined;
      return { items, nextCursor: last ? encodeCursor(Date.parse(last.createdAt), last.id) : null };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/classifier/examples',
    summary: "Add a labelled example to the workspace's classifier; it is trained again on its next use",
    tags: ['exceptions'],
    access: { kind: 'tenant', permission: 'exception.manage' },
    status: 201,
    params: tenantParams,
    body: addClassifierExampleSchema,
    response: classifierExampleSchema,
    handler: async (call) =>
      await audited(
        call,
        'classifier.example',
        (example) => ({ type: 'classifierExample', id: example.id }),
        () => call.app.classifierExamples.add(call.tenant.tenant.id, call.body.text, call.body.category, 'manual'),
        (example) => ({ details: { category: example.category } }),
      ),
  }),
];
