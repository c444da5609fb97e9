import type { ImpactReport } from '../../../../server/contract/impact-preview.js';
import type { WorkflowDefinition } from '../../../../runtime/definition/index.js';
import type { EdgeDecoration, NodeDecoration } from '../../editor/store/view-slice.js';

/** How one run ended, recorded or previewed. */
type RunResult = ImpactReport['runs'][number]['recorded'];

const SUCCEEDED: NodeDecoration = { status: 'succeeded' };
const FAILED: NodeDecoration = { status: 'failed' };
const TAKEN: EdgeDecoration = { taken: true };

/**
 * A run's path as marks on its workflow's canvas: each node that ran (failed where the run failed),
 * and each connection the data took — out of a node that ran, through a port its result took.
 */
export function pathDecorations(result: RunResult, definition: WorkflowDefinition): { nodes: ReadonlyMap<string, NodeDecoration>; edges: ReadonlyMap<string, EdgeDecoration> } {
  const ports = new Map<string, ReadonlySet<string>>(result.path.map((step) => [step.nodeId, new Set(step.ports)]));
  const failedAt = result.status === 'failed' ? (result.error?.nodeId ?? null) : null;
  const nodes = new Map<string, NodeDecoration>();
  for (const step of result.path) nodes.set(step.nodeId, step.nodeId === failedAt ? FAILED : SUCCEEDED);
  const edges = new Map<string, EdgeDecoration>();
  for (const edge of definition.edges) {
    if (ports.get(edge.source)?.has(edge.sourcePort)) edges.set(edge.id, TAKEN);
  }
  return { nodes, edges };
}

/** "47 of 50 runs unchanged" — and what happened to the others, in words. */
export function impactSummary(report: Pick<ImpactReport, 'sampled' | 'notPreviewed' | 'summary'>): { headline: string; details: string[] } {
  const previewed = report.sampled - report.notPreviewed;
  if (report.sampled === 0) return { headline: 'No finished runs of the active version to replay yet', details: [] };
  const { same, differentPath, differentOutput, failed, sideEffectsChanged } = report.summary;
  const runs = (count: number) => `${count} ${count === 1 ? 'run' : 'runs'}`;
  const details: string[] = [];
  if (differentPath > 0) details.push(`${runs(differentPath)} would take another path`);
  if (differentOutput > 0) details.push(`${runs(differentOutput)} would give another output`);
  if (failed > 0) details.push(`${runs(failed)} would fail`);
  if (sideEffectsChanged > 0) details.push(`${runs(sideEffectsChanged)} would send something else to connectors or approvers`);
  if (report.notPreviewed > 0) details.push(`${runs(report.notPreviewed)} not previewed: the preview ran out of time`);
  return { headline: `${same} of ${previewed} ${previewed === 1 ? 'run' : 'runs'} unchanged`, details };
}

/** Outcomes in words. */
export const OUTCOME_LABELS: Readonly<Record<ImpactReport['runs'][number]['outcome'], string>> = {
  same: 'Same path and output',
  differentPath: 'Another path',
  differentOutput: 'Another output',
  failed: 'Would fail',
};
