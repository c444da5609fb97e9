import type { RunStep } from '../../app/api-types.js';
import type { StepStatus } from '../../editor/model/run-status.js';
import type { EdgeDecoration, NodeDecoration } from '../../editor/store/view-slice.js';

/** When a node ran several times (For each, retries), the status that says most about it wins. */
const WEIGHT: Record<StepStatus, number> = { running: 5, waiting: 4, failed: 3, succeeded: 2, skipped: 1 };

const TAKEN: EdgeDecoration = { taken: true };
const FINISHED: ReadonlySet<StepStatus> = new Set(['succeeded', 'failed']);

/** The connections of a definition, as the run path needs them. */
interface PathEdge {
  readonly id: string;
  readonly source: string;
  readonly sourcePort: string;
}

/**
 * A run's path as marks on the canvas of the definition it ran: each node's status (succeeded,
 * failed, skipped, waiting, running), and each connection that carried data — out of a node that
 * finished, through a port its result took. The latest step of a node decides when it ran again
 * (a retried step that succeeded is no longer failed).
 */
export function runPath(steps: readonly RunStep[], edges: readonly PathEdge[]): { nodes: ReadonlyMap<string, NodeDecoration>; edges: ReadonlyMap<string, EdgeDecoration> } {
  const latest = new Map<string, RunStep>();
  for (const step of steps) latest.set(`${step.nodeId}\u0000${step.iteration}`, step);
  const statuses = new Map<string, StepStatus>();
  const ports = new Map<string, Set<string>>();
  for (const step of latest.values()) {
    const current = statuses.get(step.nodeId);
    if (current === undefined || WEIGHT[step.status] > WEIGHT[current]) statuses.set(step.nodeId, step.status);
    if (!FINISHED.has(step.status)) continue;
    const taken = ports.get(step.nodeId) ?? new Set<string>();
    for (const port of step.ports) taken.add(port);
    ports.set(step.nodeId, taken);
  }
  const nodes = new Map<string, NodeDecoration>([...statuses].map(([id, status]) => [id, { status }]));
  const carried = new Map<string, EdgeDecoration>();
  for (const edge of edges) {
    if (ports.get(edge.source)?.has(edge.sourcePort)) carried.set(edge.id, TAKEN);
  }
  return { nodes, edges: carried };
}

/** How long a step took (or has been waiting), in words: "240 ms", "3.4 s", "2 min 5 s", "3 h 10 min". */
export function stepDuration(step: Pick<RunStep, 'startedAt' | 'finishedAt'>, now: number): string | null {
  if (!step.startedAt) return null;
  const ms = (step.finishedAt ? Date.parse(step.finishedAt) : now) - Date.parse(step.startedAt);
  return durationText(ms);
}

/** A duration in words, at the precision a person reads. */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
