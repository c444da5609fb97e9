import { z } from 'zod';
import { EXCEPTION_SEVERITIES } from '../../runtime/definition/exception-report.js';
import { idSchema } from './common.js';

/** How runs over time are bucketed. */
export const INSIGHT_BUCKETS = ['hour', 'day'] as const;

/** The longest range a dashboard covers: hourly buckets up to 14 days, daily up to 400. */
export const MAX_RANGE_DAYS = { hour: 14, day: 400 } as const;

/** The Insights dashboard's filters. `from`/`to` are ISO times (default: the last 7 days). */
export const insightsQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  bucket: z.enum(INSIGHT_BUCKETS).default('day'),
  workflowId: idSchema.optional(),
  /** `customers`: a partner's figures across its customers (with `customerId`, one customer). */
  scope: z.enum(['workspace', 'customers']).default('workspace'),
  customerId: idSchema.optional(),
});

const workspaceRef = { tenantId: z.string(), tenantName: z.string() };
const workflowRef = { ...workspaceRef, workflowId: z.string(), workflowName: z.string() };

/** Finished runs per bucket of their end, by outcome. */
export const runBucketSchema = z.object({ bucketStart: z.string(), succeeded: z.number(), failed: z.number(), cancelled: z.number() });

/** A partner's roll-up of one customer (or the workspace itself) over the range. */
export const workspaceRollupSchema = z.object({
  ...workspaceRef,
  runs: z.number(),
  failed: z.number(),
  slaBreached: z.number(),
  openExceptions: z.number(),
});

/** SLA adherence: of the finished runs whose workflow has `slaMinutes`, the share finished within it. */
export const slaSchema = z.object({
  runsWithSla: z.number(),
  met: z.number(),
  breached: z.number(),
  /** met / runsWithSla; null without runs under an SLA. */
  adherence: z.number().nullable(),
  byWorkflow: z.array(z.object({ ...workflowRef, slaMinutes: z.number(), met: z.number(), breached: z.number(), adherence: z.number().nullable() })),
  /** The newest breaches (at most 100). */
  breaches: z.array(z.object({ ...workflowRef, runId: z.string(), finishedAt: z.string(), durationMs: z.number(), slaMinutes: z.number() })),
});

/** Run durations (creation to end) per workflow: p50/p95 from a histogram, within 5 %. */
export const durationSchema = z.object({ ...workflowRef, runs: z.number(), p50Ms: z.number(), p95Ms: z.number() });

/** Failed runs per node they failed at. */
export const nodeFailureSchema = z.object({ ...workflowRef, nodeId: z.string(), nodeName: z.string(), failures: z.number() });

/** Exceptions raised in the range. */
export const exceptionVolumesSchema = z.object({
  total: z.number(),
  /** Of those, still open (not resolved or dismissed). */
  open: z.number(),
  byCategory: z.array(z.object({ category: z.string(), count: z.number() })),
  bySeverity: z.array(z.object({ severity: z.enum(EXCEPTION_SEVERITIES), count: z.number() })),
  byWorkflow: z.array(z.object({ ...workflowRef, count: z.number() })),
});

/** The age bands of waiting approval tasks. */
export const APPROVAL_AGE_BANDS = ['under 1 h', '1–4 h', '4–24 h', '1–3 days', 'over 3 days'] as const;

/** Approval tasks waiting now (not limited by the range). */
export const approvalQueueSchema = z.object({
  waiting: z.number(),
  overdue: z.number(),
  byAge: z.array(z.object({ band: z.enum(APPROVAL_AGE_BANDS), count: z.number() })),
  /** The longest-waiting tasks (at most 20). */
  oldest: z.array(z.object({ ...workspaceRef, taskId: z.string(), runId: z.string(), title: z.string(), createdAt: z.string(), dueAt: z.string().nullable(), overdue: z.boolean() })),
});

/** Steps that needed more than one attempt, and how many of them then succeeded. */
export const retriesSchema = z.object({ retriedSteps: z.number(), succeeded: z.number(), successRate: z.number().nullable() });

/** The Insights dashboard: every figure for the filters. */
export const insightsSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucket: z.enum(INSIGHT_BUCKETS),
  /** The workspaces the figures cover (one, or a partner's customers). */
  workspaces: z.array(z.object(workspaceRef)),
  runsOverTime: z.array(runBucketSchema),
  byWorkspace: z.array(workspaceRollupSchema),
  sla: slaSchema,
  durations: z.array(durationSchema),
  failuresByNode: z.array(nodeFailureSchema),
  exceptions: exceptionVolumesSchema,
  approvals: approvalQueueSchema,
  retries: retriesSchema,
});
export type Insights = z.infer<typeof insightsSchema>;
