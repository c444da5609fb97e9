import { z } from 'zod';

/**
 * The impact preview's request and answer (`POST .../versions/:version/impact`), browser-safe: the
 * server validates and documents with these schemas, the designer takes its types from them.
 */

/** Recorded runs a preview replays at most. */
export const MAX_SAMPLE_SIZE = 500;

/** The request: how many of the active version's newest finished runs to replay. */
export const impactRequestSchema = z.object({
  sampleSize: z.number().int().min(1).max(MAX_SAMPLE_SIZE).default(50),
});

/**
 * A body too large to show whole in the answer: its size, the start of its JSON text, and where
 * the API serves it whole (`null` for what exists only in the preview).
 */
const cutBodySchema = z.object({ truncated: z.literal(true), bytes: z.number(), preview: z.string(), href: z.string().nullable() });

/** A node that ran, and the output ports its result took (none when its failure failed the run). */
export const impactPathStepSchema = z.object({ nodeId: z.string(), ports: z.array(z.string()) });

const failureSchema = z.object({
  message: z.string(),
  code: z.string(),
  nodeId: z.string().optional(),
  attempt: z.number().optional(),
  details: z.unknown().optional(),
  retryable: z.boolean().optional(),
  retryAfterMs: z.number().optional(),
});

/** How a run ended, in the recording or in the preview. Bodies over 256 KiB come cut. */
export const impactRunResultSchema = z.object({
  status: z.enum(['succeeded', 'failed']),
  path: z.array(impactPathStepSchema),
  output: z.union([cutBodySchema, z.unknown()]),
  /** What a `flow.respond` node answered the webhook caller; null without one. */
  response: z.union([cutBodySchema, z.unknown()]),
  error: failureSchema.nullable(),
});

/**
 * A side effect or wait the preview stood in for: what it would have sent, and whether the recorded
 * result was used; or a call the recorded run made that the preview no longer reaches.
 */
export const impactSideEffectSchema = z.object({
  nodeId: z.string(),
  nodeType: z.string(),
  title: z.string(),
  replayed: z.boolean(),
  description: z.string(),
  request: z.union([cutBodySchema, z.unknown()]),
});

/** One place where the run's output (or response) differs: `output.priority`, `response.status`. */
export const impactOutputChangeSchema = z.object({
  path: z.string(),
  recorded: z.unknown().optional(),
  preview: z.unknown().optional(),
});

export const impactOutcomeSchema = z.enum(['same', 'differentPath', 'differentOutput', 'failed']);

/** A previewed run that differs from its recording. */
export const impactRunSchema = z.object({
  runId: z.string(),
  createdAt: z.string(),
  outcome: impactOutcomeSchema,
  recorded: impactRunResultSchema,
  preview: impactRunResultSchema,
  sideEffects: z.array(impactSideEffectSchema),
  outputDiff: z.array(impactOutputChangeSchema),
  /** More differences than `outputDiff` lists (it lists 50 at most). */
  moreOutputDiff: z.boolean(),
});

/** The answer. */
export const impactReportSchema = z.object({
  version: z.number(),
  baselineVersion: z.number(),
  /** Recorded runs taken (at most `sampleSize`); the summary counts those previewed. */
  sampled: z.number(),
  /** Sampled runs the preview had no time left for. */
  notPreviewed: z.number(),
  summary: z.object({
    same: z.number(),
    differentPath: z.number(),
    differentOutput: z.number(),
    failed: z.number(),
    /** Runs in which a side effect or wait would send something the recorded run did not, or a call it made would no longer happen. */
    sideEffectsChanged: z.number(),
  }),
  /** Whether some sampled runs were not previewed (the time budget ran out). */
  truncated: z.boolean(),
  /** Every previewed run that is not `same`, or whose side effects changed, newest first. */
  runs: z.array(impactRunSchema),
});

export type ImpactRequest = z.input<typeof impactRequestSchema>;
export type ImpactReport = z.infer<typeof impactReportSchema>;
export type ImpactRun = z.infer<typeof impactRunSchema>;
