import type { Problem } from '../../app/api-types.js';
import { toDefinition } from '../model/flow-graph.js';
import { useEditorStore, type EditorState } from '../store/editor-store.js';
import { selectGraphInput, type GraphInput } from './graph-input.js';
import ValidationWorker from './validation.worker.ts?worker';

/** The latest validation result, and whether it is for the graph as it is now. */
interface Published {
  readonly problems: Problem[];
  readonly counts: ReadonlyMap<string, number>;
  /** False while the graph has changed since these problems were found (a newer validation is under way). */
  readonly current: boolean;
}

let published: Published = { problems: [], counts: new Map(), current: false };
const listeners = new Set<() => void>();
let worker: Worker | undefined;
let latest: GraphInput | undefined;
let inFlight: GraphInput | undefined;
let validated: GraphInput | undefined;
let started = false;

function publish(next: Published): void {
  published = next;
  for (const listener of listeners) listener();
}

function onGraph(state: EditorState): void {
  const input = selectGraphInput(state);
  if (input === latest) return;
  latest = input;
  if (published.current) publish({ ...published, current: false });
  send();
}

/** One validation at a time; when it returns, the newest graph (if it changed meanwhile) goes next. */
function send(): void {
  if (inFlight || !latest || latest === validated) return;
  inFlight = latest;
  worker ??= startWorker();
  worker.postMessage(toDefinition(inFlight.meta, inFlight.nodes, inFlight.edges));
}

function startWorker(): Worker {
  const created = new ValidationWorker();
  created.onmessage = (event: MessageEvent<Problem[]>) => {
    validated = inFlight;
    inFlight = undefined;
    publish({ problems: event.data, counts: countByNode(event.data), current: validated === latest });
    send();
  };
  return created;
}

function countByNode(problems: readonly Problem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const problem of problems) if (problem.nodeId !== undefined) counts.set(problem.nodeId, (counts.get(problem.nodeId) ?? 0) + 1);
  return counts;
}

/**
 * Subscribes to validation results (for `useSyncExternalStore`). The first subscriber starts
 * following the editor store: every graph edit (not selection, not drag frames) is validated in a
 * worker, the newest edit winning when several arrive during one validation.
 */
export function subscribeValidation(listener: () => void): () => void {
  if (!started) {
    started = true;
    useEditorStore.subscribe(onGraph);
    onGraph(useEditorStore.getState());
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The latest published result. */
export function currentValidation(): Published {
  return published;
}
