import type { Problem } from '../../app/api-types.js';
import { toDefinition } from '../model/flow-graph.js';
import type { EditorState, EditorStore } from '../store/editor-store.js';
import { createGraphInputSelector, type GraphInput } from './graph-input.js';
import ValidationWorker from './validation.worker.ts?worker';

/** The latest validation result, and whether it is for the graph as it is now. */
export interface Published {
  readonly problems: Problem[];
  readonly counts: ReadonlyMap<string, number>;
  /** False while the graph has changed since these problems were found (a newer validation is under way). */
  readonly current: boolean;
}

/** Live validation of one editor store, for `useSyncExternalStore`. */
export interface ValidationClient {
  readonly subscribe: (listener: () => void) => () => void;
  readonly current: () => Published;
}

function countByNode(problems: readonly Problem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const problem of problems) if (problem.nodeId !== undefined) counts.set(problem.nodeId, (counts.get(problem.nodeId) ?? 0) + 1);
  return counts;
}

/**
 * Validates one editor store's graph in a worker: every graph edit (not selection, not drag frames)
 * is validated, the newest edit winning when several arrive during one validation. The first
 * subscriber starts the worker and the following of the store; the last one to leave stops both.
 */
export function createValidationClient(store: EditorStore): ValidationClient {
  const selectGraphInput = createGraphInputSelector();
  let published: Published = { problems: [], counts: new Map(), current: false };
  const listeners = new Set<() => void>();
  let worker: Worker | undefined;
  let unfollow: (() => void) | undefined;
  let latest: GraphInput | undefined;
  let inFlight: GraphInput | undefined;
  let validated: GraphInput | undefined;

  const publish = (next: Published) => {
    published = next;
    for (const listener of listeners) listener();
  };

  /** One validation at a time; when it returns, the newest graph (if it changed meanwhile) goes next. */
  const send = () => {
    if (inFlight || !latest || latest === validated) return;
    inFlight = latest;
    worker ??= startWorker();
    worker.postMessage(toDefinition(inFlight.meta, inFlight.nodes, inFlight.edges));
  };

  const startWorker = () => {
    const created = new ValidationWorker();
    created.onmessage = (event: MessageEvent<Problem[]>) => {
      validated = inFlight;
      inFlight = undefined;
      publish({ problems: event.data, counts: countByNode(event.data), current: validated === latest });
      send();
    };
    return created;
  };

  const onGraph = (state: EditorState) => {
    const input = selectGraphInput(state);
    if (input === latest) return;
    latest = input;
    if (published.current) publish({ ...published, current: false });
    send();
  };

  const stop = () => {
    unfollow?.();
    unfollow = undefined;
    worker?.terminate();
    worker = undefined;
    latest = inFlight = validated = undefined;
  };

  return {
    subscribe: (listener) => {
      listeners.add(listener);
      if (!unfollow) {
        unfollow = store.subscribe(onGraph);
        onGraph(store.getState());
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
    current: () => published,
  };
}
