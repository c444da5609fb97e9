import { z } from 'zod';
import { jsonObjectSchema } from './common.js';

/** Where a run stands. */
export const runStatusSchema = z.enum(['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled']);

const failureSchema = z.object({
  message: z.string(),
  code: z.string(),
  nodeId: z.string().optional(),
  attempt: z.number().optional(),
  details: z.unknown().optional(),
  retryable: z.boolean().optional(),
  retryAfterMs: z.number().optional(),
});

/** A body too large for a run detail: its size, the start of its JSON text and where to fetch it whole. */
export const cutBodySchema = z.object({ truncated: z.literal(true), bytes: z.number(), preview: z.string(), href: z.string() });

/** A run as lists show it: no payloads, only their sizes (see docs/api.md, "Runs"). */
export const runSummarySchema = z.object({
  id: z.string(),
  /** The workspace it ran in (a partner's list spans its customers). */
  tenantId: z.string(),
  workflowId: z.string().nullable(),
  workflowVersion: z.number().nullable(),
  status: runStatusSchema,
  triggerNodeId: z.string(),
  triggerType: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string(), nodeId: z.string().optional() }).nullable(),
  stepCount: z.number(),
  initiatedBy: z.string().nullable(),
  parentRunId: z.string().nullable(),
  inputBytes: z.number(),
  outputBytes: z.number(),
  /** The business object it is about (an order or invoice number), set by the workflow; see docs/runs.md. */
  businessKey: z.string().nullable(),
  /** Indexed attributes the workflow set, name → text. */
  searchAttributes: z.record(z.string(), z.string()),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
});

/** A run in the runs list: its summary and its workflow's name (null for a run of a file or a deleted workflow). */
export const listedRunSchema = runSummarySchema.extend({ workflowName: z.string().nullable() });

/** A run with its bodies, each cut to 256 KiB (a cut body says where the data route serves it whole). */
export const runSchema = z.object({
  id: z.string(),
  workflowId: z.string().nullable(),
  workflowVersion: z.number().nullable(),
  status: runStatusSchema,
  triggerNodeId: z.string(),
  /** What started it: `manual`, `webhook`, `schedule`, `test` (a test run of a draft), … */
  triggerType: z.string().nullable(),
  /** For a test run started by Replay with draft: the run whose input and params it took. */
  replayOf: z.string().nullable(),
  input: z.unknown(),
  /** The params it ran with, defaults included. */
  params: jsonObjectSchema,
  output: z.unknown(),
  error: failureSchema.nullable(),
  stepCount: z.number(),
  /** Who started it: a user id, or a system or service-account actor; `initiatedByName` shows a person. */
  initiatedBy: z.string().nullable(),
  initiatedByName: z.string().nullable(),
  parentRunId: z.string().nullable(),
  businessKey: z.string().nullable(),
  searchAttributes: z.record(z.string(), z.string()),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

/** A step of a run: one attempt of a node in one iteration, bodies cut as the run's. */
export const stepSchema = z.object({
  nodeId: z.string(),
  iteration: z.string(),
  seq: z.number(),
  status: z.enum(['running', 'succeeded', 'failed', 'skipped', 'waiting']),
  attempt: z.number(),
  ports: z.array(z.string()),
  input: z.unknown(),
  output: z.unknown(),
  error: z.union([failureSchema, cutBodySchema]).nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

/** A run a step started (forEach items, sub-workflows). */
export const childRunSchema = z.object({ nodeId: z.string(), index: z.number(), runId: z.string(), status: runStatusSchema });

/** A run with a page of its steps and its child runs (GET .../runs/:runId). */
export const runDetailSchema = runSchema.extend({
  steps: z.array(stepSchema),
  nextStepsAfter: z.number().nullable(),
  children: z.array(childRunSchema),
  moreChildren: z.boolean(),
});

/** The kinds of start the runs list filters by (`run.trigger.type`). */
export const triggerKindSchema = z.enum(['manual', 'webhook', 'schedule', 'event', 'signal', 'test', 'forEach', 'subworkflow', 'errorWorkflow']);

/** How many runs of a list's filter are in each status, each counted up to `cap` (then "cap or more"). */
export const runStatusCountsSchema = z.object({ counts: z.record(runStatusSchema, z.number()), cap: z.number() });

/** The definition a run executed (GET .../runs/:runId/definition): the version it pinned, or the draft a test run ran. */
export const runDefinitionSchema = z.object({ runId: z.string(), workflowId: z.string().nullable(), workflowVersion: z.number().nullable(), definition: jsonObjectSchema });

/** A test run started by Replay with draft (POST .../runs/:runId/replay). */
export const replayStartedSchema = z.object({
  runId: z.string(),
  replayOf: z.string(),
  /** Params of the replayed run the draft no longer declares, left out of the test run. */
  droppedParams: z.array(z.string()),
});

/**
 * What a signal-with-start did (POST .../workflows/:workflowId/signal-with-start): `delivered` to
 * the workflow's runs waiting for its key (`resumed` of them); `started` a run (`runId`) when none
 * waited; or `running`: none waited, but a run of the workflow with that business key (`runId`) has
 * not finished, so none was started and the payload, like any signal nobody waits for, was not kept.
 */
export const signalAnswerSchema = z.object({
  outcome: z.enum(['delivered', 'started', 'running']),
  resumed: z.number(),
  runId: z.string().nullable(),
});
