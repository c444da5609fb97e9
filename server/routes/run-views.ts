import type { z } from 'zod';
import { jsonText } from '../../runtime/expressions/index.js';
import { CutPayload, type FailureRecord, type RunRecord, type RunSummary, type StepView } from '../../runtime/store/index.js';
import { isoTime } from '../domain/iso-time.js';
import type { cutBodySchema, runSchema, runSummarySchema, stepSchema } from '../contract/runs.js';

/** Bodies (inputs, outputs, errors) larger than this are cut from run details; the data route serves them whole. */
export const BODY_CAP_BYTES = 256 * 1024;

/** Characters of a cut body kept as its preview. */
export const PREVIEW_CHARS = 1024;

/** Bodies one page of a run detail carries at most (the first step always comes, cut to the cap). */
export const PAGE_BUDGET_BYTES = 4 * 1024 * 1024;


/**
 * A body as a detail shows it: whole up to the cap, else `{ truncated, bytes, preview, href }`,
 * `href` being the data route that serves it whole.
 */
export function capped(value: unknown, href: string): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value !== 'string' || value.length * 3 <= BODY_CAP_BYTES) return value;
  }
  const text = jsonText(value);
  const bytes = Buffer.byteLength(text);
  return bytes <= BODY_CAP_BYTES ? value : { truncated: true as const, bytes, preview: text.slice(0, PREVIEW_CHARS), href };
}

/** Where the data route serves a run's or a step's body. */
export function payloadHref(tenantId: string, runId: string, part: string, step?: { nodeId: string; iteration: string }): string {
  const base = `/api/v1/tenants/${encodeURIComponent(tenantId)}/runs/${encodeURIComponent(runId)}/data?part=${part}`;
  return step ? `${base}&nodeId=${encodeURIComponent(step.nodeId)}&iteration=${encodeURIComponent(step.iteration)}` : base;
}

export function presentSummary(run: RunSummary): z.infer<typeof runSummarySchema> {
  return {
    id: run.id,
    tenantId: run.tenantId,
    workflowId: run.workflowId,
    workflowVersion: run.workflowVersion,
    status: run.status,
    triggerNodeId: run.triggerNodeId,
    triggerType: run.triggerType,
    error: run.error,
    stepCount: run.stepCount,
    initiatedBy: run.initiatedBy,
    parentRunId: run.parentRunId,
    inputBytes: run.inputBytes,
    outputBytes: run.outputBytes,
    businessKey: run.businessKey,
    searchAttributes: run.searchAttributes,
    createdAt: isoTime(run.createdAt),
    finishedAt: isoTime(run.finishedAt),
    durationMs: run.finishedAt === null || run.startedAt === null ? null : run.finishedAt - run.startedAt,
  };
}

/** A string field of a run's trigger record (`type`, `replayOf`), if it has one. */
function triggerField(trigger: unknown, field: string): string | null {
  if (trigger === null || typeof trigger !== 'object') return null;
  const value = (trigger as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : null;
}

/** A run as the API shows it; `initiatorName` is the name of the person who started it, if one did. */
export function presentRun(run: RunRecord, initiatorName: string | null): z.infer<typeof runSchema> {
  return {
    id: run.id,
    workflowId: run.workflowId,
    workflowVersion: run.workflowVersion,
    status: run.status,
    triggerNodeId: run.triggerNodeId,
    triggerType: triggerField(run.trigger, 'type'),
    replayOf: triggerField(run.trigger, 'replayOf'),
    input: capped(run.input, payloadHref(run.tenantId, run.id, 'input')),
    params: run.params,
    output: capped(run.output, payloadHref(run.tenantId, run.id, 'output')),
    error: run.error,
    stepCount: run.stepCount,
    initiatedBy: run.initiatedBy,
    initiatedByName: initiatorName,
    parentRunId: run.parentRunId,
    businessKey: run.businessKey,
    searchAttributes: run.searchAttributes,
    createdAt: isoTime(run.createdAt),
    finishedAt: isoTime(run.finishedAt),
  };
}

/** A body the store cut, as the API shows it. */
function shown(value: unknown, href: string): unknown {
  return value instanceof CutPayload ? { truncated: true as const, bytes: value.bytes, preview: value.preview, href } : value;
}

export function presentStep(tenantId: string, step: StepView): z.infer<typeof stepSchema> {
  const href = (part: string) => payloadHref(tenantId, step.runId, part, step);
  return {
    nodeId: step.nodeId,
    iteration: step.iteration,
    seq: step.seq,
    status: step.status,
    attempt: step.attempt,
    ports: [...step.ports],
    input: shown(step.input, href('input')),
    output: shown(step.output, href('output')),
    error: step.error === null ? null : (shown(step.error, href('error')) as FailureRecord | z.infer<typeof cutBodySchema>),
    startedAt: isoTime(step.startedAt),
    finishedAt: isoTime(step.finishedAt),
  };
}
