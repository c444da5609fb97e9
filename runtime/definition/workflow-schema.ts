import { z } from 'zod';

/** Names that expression paths refuse (they reach JavaScript internals), so no id may be one. */
const RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Ids of nodes, edges and params. Ids appear in expression paths (`nodes.<id>.total`), so they
 * may not contain dots, and they are stable: renaming a node changes its `name`, never its `id`.
 */
export const identifierSchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/,
    'must start with a letter or "_" and contain only letters, digits, "_" and "-" (at most 64 characters)',
  )
  .refine((id) => !RESERVED_IDENTIFIERS.has(id), { message: 'is reserved; choose another id' });

/** Canvas coordinates of a node; the canvas shows exactly what is saved. */
export const positionSchema = z.strictObject({ x: z.number(), y: z.number() });

/** A workflow parameter: a named, typed value set per run (or by its default). */
export const paramSchema = z.strictObject({
  name: identifierSchema,
  title: z.string().max(200).optional(),
  description: z.string().max(2000).optional(),
  type: z.enum(['string', 'number', 'boolean', 'json']),
  default: z.json().optional(),
  required: z.boolean().optional(),
  /** The only values a run may give it (a string or number param): a form offers them as a choice. */
  enum: z.array(z.union([z.string().max(500), z.number()])).min(1).max(100).optional(),
});

/** Workflow-wide settings. */
export const settingsSchema = z.strictObject({
  /** Minutes within which a run should finish; used by SLA dashboards. */
  slaMinutes: z.number().int().positive().optional(),
  /** Hard limit on a run's duration, including time spent waiting. */
  timeoutSeconds: z.number().int().positive().optional(),
  /** Workflow started with the failure details when a run of this one fails. */
  errorWorkflowId: z.string().min(1).nullable().optional(),
  /**
   * The run's business key (an order or invoice number): json-logic over `{ input, params }`
   * evaluated when a run starts, giving a string or number (at most 200 characters); null or
   * empty gives no key.
   */
  businessKey: z.json().optional(),
});

/** Per-node retry policy: attempts with exponential backoff and jitter. */
export const retryPolicySchema = z.strictObject({
  /** Attempts in all, the first included. */
  maxAttempts: z.number().int().min(1).max(100),
  /** Wait before the second attempt (default 1 s). */
  initialDelayMs: z.number().int().min(0).max(86_400_000).optional(),
  /** Each further wait is this many times the previous one (default 2). */
  backoffFactor: z.number().min(1).max(10).optional(),
  /** Ceiling of one wait (default 5 min); a longer `Retry-After` from the remote side still wins, up to a day. */
  maxDelayMs: z.number().int().min(0).max(86_400_000).optional(),
  /** Spread waits randomly between half and all of the computed delay (default true). */
  jitter: z.boolean().optional(),
  /**
   * Error codes that are worth another attempt. By default: errors the node marks retryable
   * (network failures, HTTP 408/429/5xx) and step timeouts.
   */
  retryOn: z.array(z.string().min(1).max(64)).max(50).optional(),
});

/** One node instance on the canvas: a node type at a pinned spec version, with its config. */
export const workflowNodeSchema = z.strictObject({
  id: identifierSchema,
  type: z.string().regex(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/, 'must look like "category.name"'),
  version: z.number().int().positive(),
  name: z.string().min(1).max(120),
  position: positionSchema,
  config: z.record(z.string(), z.json()).default({}),
  notes: z.string().max(10_000).optional(),
  retry: retryPolicySchema.optional(),
  timeoutMs: z.number().int().positive().max(86_400_000).optional(),
});

/** A connection from one node's output port to another node's input port. */
export const workflowEdgeSchema = z.strictObject({
  id: identifierSchema,
  source: identifierSchema,
  sourcePort: z.string().min(1).max(64),
  target: identifierSchema,
  targetPort: z.string().min(1).max(64),
});

/** The current definition format. Older documents are brought here by `migrateWorkflow`. */
export const CURRENT_SCHEMA_VERSION = 1;

/** A workflow definition, `schemaVersion: 1`, as saved by the designer and run by the engine. */
export const workflowDefinitionSchema = z.strictObject({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  name: z.string().min(1).max(200),
  description: z.string().max(10_000).optional(),
  params: z.array(paramSchema).default([]),
  settings: settingsSchema.default({}),
  nodes: z.array(workflowNodeSchema),
  edges: z.array(workflowEdgeSchema).default([]),
});

export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;
export type WorkflowNode = z.infer<typeof workflowNodeSchema>;
export type WorkflowEdge = z.infer<typeof workflowEdgeSchema>;
export type WorkflowParam = z.infer<typeof paramSchema>;
export type WorkflowSettings = z.infer<typeof settingsSchema>;
export type RetryPolicy = z.infer<typeof retryPolicySchema>;
