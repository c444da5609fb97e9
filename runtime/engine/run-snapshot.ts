import { freezeData, type PlainData } from '../expressions/index.js';
import type { RunRecord } from '../store/index.js';
import type { PreparedWorkflow } from './prepared-workflow.js';
import type { RunSnapshot } from './run-driver.js';

/**
 * What a run's driver needs to know about it, including the `run` object expressions see. The
 * run's data was checked against the limits when the run was created; it is frozen here, never
 * checked again, so wrapping the input in the `run` object (one level deeper) cannot refuse a run
 * whose input is exactly at the depth limit.
 */
export function runSnapshot(run: RunRecord, inputJson: string, workflow: PreparedWorkflow): RunSnapshot {
  const input = freezeData(run.input);
  const trigger = freezeData(run.trigger);
  const triggerType = (run.trigger as { type?: unknown } | null)?.type;
  const startedAt = run.startedAt ?? run.createdAt;
  const info = freezeData({
    id: run.id,
    tenantId: run.tenantId,
    workflowId: run.workflowId,
    workflowVersion: run.workflowVersion,
    startedAt: new Date(startedAt).toISOString(),
    triggerNodeId: run.triggerNodeId,
    trigger,
    input,
    initiatedBy: run.initiatedBy,
    parentRunId: run.parentRunId,
  });
  const errorWorkflowId = workflow.definition.settings.errorWorkflowId;
  return {
    id: run.id,
    tenantId: run.tenantId,
    initiatedBy: run.initiatedBy,
    startedAt,
    triggerNodeId: run.triggerNodeId,
    input,
    inputJson,
    params: freezeData(run.params) as Record<string, PlainData>,
    info,
    item: triggerType === 'forEach' ? input : undefined,
    startsErrorWorkflow: typeof errorWorkflowId === 'string' && triggerType !== 'errorWorkflow',
    draft: isDraftRun(run),
  };
}

/**
 * Whether a run executes no approved version: it has no version (a test run of a draft, or a run
 * of a file), or a draft run started it (its forEach and sub-workflow children and its error
 * workflow carry `draft: true` in their trigger metadata, set by the engine).
 */
export function isDraftRun(run: Pick<RunRecord, 'workflowVersion' | 'trigger'>): boolean {
  return run.workflowVersion === null || (run.trigger as { draft?: unknown } | null)?.draft === true;
}
