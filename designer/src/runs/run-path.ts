import type { WorkflowDefinition } from '../../../runtime/definition/index.js';
import type { RunStep } from '../app/api-types.js';
import type { EdgeDecoration, NodeDecoration } from '../editor/store/view-slice.js';
import type { StepStatus } from '../editor/model/run-status.js';

/** When a node ran several times, the status that says most about it wins. */
const WEIGHT: Record<StepStatus, number> = { running: 5, waiting: 4, failed: 3, succeeded: 2, skipped: 1 };

/**
 * A run's path on its workflow's canvas: each node's status (succeeded, failed, skipped, waiting,
 * running, each drawn in its own colour and icon) and each connection the data took — out of a
 * node that finished, through a port its result took.
 */
export function runPath(steps: readonly RunStep[], definition: Pick<WorkflowDefinition, 'edges'>): { nodes: ReadonlyMap<string, NodeDecoration>; edges: ReadonlyMap<string, EdgeDecoration> } {
  const statuses = new Map<string, StepStatus>();
  const ports = new Map<string, Set<string>>();
  for (const step of steps) {
    const current = statuses.get(step.nodeId);
    if (current === undefined || WEIGHT[step.status] > WEIGHT[current]) statuses.set(step.nodeId, step.status);
    const taken = ports.get(step.nodeId) ?? new Set<string>();
    for (const port of step.ports) taken.add(port);
    ports.set(step.nodeId, taken);
  }
  const nodes = new Map<string, NodeDecoration>([...statuses].map(([nodeId, status]) => [nodeId, { status }]));
  const edges = new Map<string, EdgeDecoration>();
  for (const edge of definition.edges) if (ports.get(edge.source)?.has(edge.sourcePort)) edges.set(edge.id, { taken: true });
  return { nodes, edges };
}

/** A step's duration in words ("420 ms", "3.2 s", "4 min 5 s"), or null while it has not finished. */
export function stepDuration(step: Pick<RunStep, 'startedAt' | 'finishedAt'>): string | null {
  if (!step.startedAt || !step.finishedAt) return null;
  return durationText(Date.parse(step.finishedAt) - Date.parse(step.startedAt));
}

/** Milliseconds in words. */
export function durationText(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
