import { temporal } from 'zundo';
import { create } from 'zustand';
import type { DefinitionMeta, FlowEdge, FlowNode } from '../model/flow-graph.js';
import { sameEdges, sameNodes } from '../model/graph-compare.js';
import { createGraphSlice, type GraphSlice } from './graph-slice.js';
import { createRunSlice, type RunSlice } from './run-slice.js';
import { createSaveSlice, type SaveSlice } from './save-slice.js';
import { createUiSlice, type UiSlice } from './ui-slice.js';

/** The editor's one store, built from slices (zustand's slices pattern). */
export type EditorState = GraphSlice & UiSlice & SaveSlice & RunSlice;

/** What undo and redo restore: the graph without selection or measurements. */
interface GraphSnapshot {
  meta: DefinitionMeta;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** The last snapshot and what it was taken of: zundo takes one before and after every store update. */
let last: { meta: EditorState['meta']; nodes: FlowNode[]; edges: FlowEdge[]; snapshot: GraphSnapshot } | null = null;

/** The graph part of the state, as undo keeps it; the same object while the graph is unchanged. */
function snapshot(state: EditorState): GraphSnapshot {
  if (last?.meta === state.meta && last.nodes === state.nodes && last.edges === state.edges) return last.snapshot;
  const taken = {
    meta: state.meta,
    nodes: state.nodes.map(({ id, type, position, data }) => ({ id, type, position, data })),
    edges: state.edges.map(({ id, source, target, sourceHandle, targetHandle }) => ({ id, source, target, sourceHandle, targetHandle })),
  };
  last = { meta: state.meta, nodes: state.nodes, edges: state.edges, snapshot: taken };
  return taken;
}

/**
 * Two snapshots are the same edit state when meta and every node's data are the same objects, every
 * node is where it was (by value: a drag that ends where it began is no edit) and every edge is the same.
 */
function sameGraph(a: GraphSnapshot, b: GraphSnapshot): boolean {
  return a === b || (a.meta === b.meta && sameNodes(a.nodes, b.nodes, 'exact') && sameEdges(a.edges, b.edges));
}

/**
 * The editor store. Undo/redo (zundo) records graph edits only — selection and measuring are not
 * edits — and a drag is one edit (see `beginGesture` / `endGesture`).
 */
export const useEditorStore = create<EditorState>()(
  temporal(
    (...args) => ({
      ...createGraphSlice(...args),
      ...createUiSlice(...args),
      ...createSaveSlice(...args),
      ...createRunSlice(...args),
    }),
    { partialize: snapshot, equality: sameGraph, limit: 200 },
  ),
);

let gestureStart: GraphSnapshot | null = null;

/** A drag began: stop recording its intermediate frames. */
export function beginGesture(): void {
  if (gestureStart) return;
  gestureStart = snapshot(useEditorStore.getState());
  useEditorStore.temporal.getState().pause();
}

/** The drag ended: record it as one edit (undo returns to where it started). */
export function endGesture(): void {
  if (!gestureStart) return;
  const start = gestureStart;
  gestureStart = null;
  const temporalStore = useEditorStore.temporal;
  temporalStore.getState().resume();
  if (!sameGraph(start, snapshot(useEditorStore.getState()))) {
    temporalStore.setState((state) => ({ pastStates: [...state.pastStates, start], futureStates: [] }));
  }
}

/** Forgets the history (after loading a workflow or reloading after a conflict). */
export function resetHistory(): void {
  useEditorStore.temporal.getState().clear();
}
