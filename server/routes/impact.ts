import { z } from 'zod';
import { impactReportSchema, impactRequestSchema } from '../contract/impact-preview.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { ImpactReportBuilder } from './impact-report.js';
import { workflowParams } from './workflows.js';

/** The impact preview of a version: recorded runs of the active version replayed through it, dry. */
export const impactRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/workflows/:workflowId/versions/:version/impact',
    summary:
      "Preview a version's impact: the active version's newest finished runs (`sampleSize`, 1–500, default 50) replayed through it, dry — " +
      'side effects and waits never run, no network call is made — with the runs whose path, output or side effects would differ',
    tags: ['versions'],
    access: { kind: 'tenant', permission: 'version.preview' },
    params: workflowParams.extend({ version: z.coerce.number().int().min(1) }),
    body: impactRequestSchema,
    response: impactReportSchema,
    errors: {
      422: 'the workflow has no active version (no recorded runs to replay), or a version no longer validates',
      429: 'another preview of this workspace (or too many in all) is running; try again shortly',
    },
    handler: async (call) => {
      const tenantId = call.tenant.tenant.id;
      const report = new ImpactReportBuilder(tenantId);
      const totals = await call.app.impact.preview(tenantId, call.params.workflowId, call.params.version, call.body.sampleSize, (impact) => report.add(impact));
      return report.answer(totals);
    },
  }),
];
