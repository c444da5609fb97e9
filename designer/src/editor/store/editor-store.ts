import { temporal, type TemporalState } from 'zundo';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DefinitionMeta, FlowEdge, FlowNode } from '../model/flow-graph.js';
import { sameEdges, sameNodes } from '../model/graph-compare.js';
import { createGraphSlice, type GraphSlice } from './graph-slice.js';
import { createRunSlice, type RunSlice } from './run-slice.js';
import { createSaveSlice, type SaveSlice } from './save-slice.js';
import { createUiSlice, type UiSlice } from './ui-slice.js';
import { createViewSlice, type ViewSlice } from './view-slice.js';

/** The editor's state, built from slices (zustand's slices pattern). */
export type EditorState = GraphSlice & UiSlice & SaveSlice & RunSlice & ViewSlice;

/** What undo and redo restore: the graph without selection or measurements. */
export interface GraphSnapshot {
  meta: DefinitionMeta;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** Undo and redo of one editor instance; a drag or a field's typing is one edit (begin/end gesture). */
export interface EditorHistory {
  /** A drag (or typing in a field) began: stop recording its intermediate frames. */
  readonly beginGesture: () => void;
  /** It ended: record it as one edit (undo returns to where it started). */
  readonly endGesture: () => void;
  /** Forgets the history (after loading a workflow or reloading after a conflict). */
  readonly reset: () => void;
  readonly undo: () => void;
  readonly redo: () => void;
}

/** One editor instance's store: the state, its undo history (zundo's `temporal`) and the history commands. */
export type EditorStore = StoreApi<EditorState> & {
  readonly temporal: StoreApi<TemporalState<GraphSnapshot>>;
  readonly history: EditorHistory;
};

/** How an editor instance is created. */
export interface EditorStoreOptions {
  /** A read-only instance (a role without workflow.write, a version, a run trace, a diff) refuses every edit. */
  readonly readOnly?: boolean;
}

/**
 * Two snapshots are the same edit state when meta and every node's data are the same objects, every
 * node is where it was (by value: a drag that ends where it began is no edit) and every edge is the same.
 */
function sameGraph(a: GraphSnapshot, b: GraphSnapshot): boolean {
  return a === b || (a.meta === b.meta && sameNodes(a.nodes, b.nodes, 'exact') && sameEdges(a.edges, b.edges));
}

/**
 * Creates an editor store. Each instance holds its own graph, selection, save state, test run and
 * undo history, so two canvases (a comparison) can live on one page. Undo/redo (zundo) records graph
 * edits only — selection and measuring are not edits — and a drag is one edit.
 */
export function createEditorStore(options: EditorStoreOptions = {}): EditorStore {
  /** The last snapshot and what it was taken of: zundo takes one before and after every store update. */
  let last: { meta: DefinitionMeta; nodes: FlowNode[]; edges: FlowEdge[]; snapshot: GraphSnapshot } | null = null;
  /** The graph part of the state, as undo keeps it; the same object while the graph is unchanged. */
  const snapshot = (state: EditorState): GraphSnapshot => {
    if (last?.meta === state.meta && last.nodes === state.nodes && last.edges === state.edges) return last.snapshot;
    const taken = {
      meta: state.meta,
      nodes: state.nodes.map(({ id, type, position, data }) => ({ id, type, position, data })),
      edges: state.edges.map(({ id, source, target, sourceHandle, targetHandle }) => ({ id, source, target, sourceHandle, targetHandle })),
    };
    last = { meta: state.meta, nodes: state.nodes, edges: state.edges, snapshot: taken };
    return taken;
  };

  const store = createStore<EditorState>()(
    temporal(
      (...args) => ({
        ...createGraphSlice(...args),
        ...createUiSlice(...args),
        ...createSaveSlice(...args),
        ...createRunSlice(...args),
        ...createViewSlice(options.readOnly === true)(...args),
      }),
      { partialize: snapshot, equality: sameGraph, limit: 200 },
    ),
  );

  let gestureStart: GraphSnapshot | null = null;

  /**
   * Runs an undo or redo, then gives the nodes that are still there their selection and measured
   * size back: history holds neither, and without the sizes React Flow would hide and measure every
   * node again, which a large workflow would feel. (The extra set is no edit, so it records nothing.)
   */
  const keepingViewState = (step: () => void): void => {
    const before = store.getState();
    const nodes = new Map(before.nodes.map((node) => [node.id, node]));
    const selectedEdges = new Set(before.edges.filter((edge) => edge.selected).map((edge) => edge.id));
    step();
    const after = store.getState();
    store.setState({
      nodes: after.nodes.map((node) => {
        const earlier = nodes.get(node.id);
        return earlier ? { ...node, selected: earlier.selected ?? false, ...(earlier.measured ? { measured: earlier.measured } : {}) } : node;
      }),
      edges: after.edges.map((edge) => (selectedEdges.has(edge.id) ? { ...edge, selected: true } : edge)),
    });
  };

  const history: EditorHistory = {
    beginGesture: () => {
      if (gestureStart) return;
      gestureStart = snapshot(store.getState());
      store.temporal.getState().pause();
    },
    endGesture: () => {
      if (!gestureStart) return;
      const start = gestureStart;
      gestureStart = null;
      store.temporal.getState().resume();
      if (!sameGraph(start, snapshot(store.getState()))) {
        store.temporal.setState((state) => ({ pastStates: [...state.pastStates, start], futureStates: [] }));
      }
    },
    reset: () => store.temporal.getState().clear(),
    undo: () => {
      const temporalState = store.temporal.getState();
      if (temporalState.pastStates.length > 0) keepingViewState(() => temporalState.undo());
    },
    redo: () => {
      const temporalState = store.temporal.getState();
      if (temporalState.futureStates.length > 0) keepingViewState(() => temporalState.redo());
    },
  };

  return Object.assign(store, { history });
}
