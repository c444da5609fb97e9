import type { RunTrace, RunStep } from '../../app/api-types.js';

/** What a node did in a run: one step's status, or the combined status of its iterations. */
export type StepStatus = RunStep['status'];

/** When a node ran several times (For each), the status that says most about it wins. */
const WEIGHT: Record<StepStatus, number> = { running: 5, waiting: 4, failed: 3, succeeded: 2, skipped: 1 };

const cache = new WeakMap<RunTrace, ReadonlyMap<string, StepStatus>>();

/**
 * Each node's status in a run (by node id), computed once per run object: nodes on the canvas look
 * their status up by id instead of scanning the steps.
 */
export function nodeStatuses(run: RunTrace): ReadonlyMap<string, StepStatus> {
  const known = cache.get(run);
  if (known) return known;
  const statuses = new Map<string, StepStatus>();
  for (const step of run.steps) {
    const current = statuses.get(step.nodeId);
    if (current === undefined || WEIGHT[step.status] > WEIGHT[current]) statuses.set(step.nodeId, step.status);
  }
  cache.set(run, statuses);
  return statuses;
}

/** Whether a run sent data along an edge: through its port (`taken`), or it finished without (`not-taken`). */
export type EdgeRunState = 'taken' | 'not-taken';

const FINISHED: ReadonlySet<StepStatus> = new Set(['succeeded', 'failed', 'skipped']);

const portCache = new WeakMap<RunTrace, ReadonlyMap<string, ReadonlySet<string>>>();

/** The ports each finished node sent data through in a run (by node id), once per run object. */
function portsTaken(run: RunTrace): ReadonlyMap<string, ReadonlySet<string>> {
  const known = portCache.get(run);
  if (known) return known;
  const ports = new Map<string, Set<string>>();
  for (const step of run.steps) {
    if (!FINISHED.has(step.status)) continue;
    const taken = ports.get(step.nodeId) ?? new Set<string>();
    for (const port of step.ports) taken.add(port);
    ports.set(step.nodeId, taken);
  }
  portCache.set(run, ports);
  return ports;
}

/** What a run did with an edge, or undefined while its source has not finished (or never ran). */
export function edgeRunState(run: RunTrace, edge: { readonly source: string; readonly sourceHandle: string }): EdgeRunState | undefined {
  const taken = portsTaken(run).get(edge.source);
  if (!taken) return undefined;
  return taken.has(edge.sourceHandle) ? 'taken' : 'not-taken';
}
