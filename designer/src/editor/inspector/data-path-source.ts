import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { dataPathCandidates, type PathCandidate } from '../model/data-paths.js';
import { useEditorStore } from '../store/editor-context.js';
import type { EditorState, EditorStore } from '../store/editor-store.js';

function candidatesFrom(state: Pick<EditorState, 'edges' | 'meta' | 'run'>, nodeId: string): PathCandidate[] {
  return dataPathCandidates({ nodeId, edges: state.edges, params: state.meta.params, run: state.run });
}

/** The data paths an expression of `nodeId` can read, now (for Monaco's completion, asked at the moment of typing). */
export function dataPathsNow(store: EditorStore, nodeId: string): PathCandidate[] {
  return candidatesFrom(store.getState(), nodeId);
}

/** The data paths an expression of `nodeId` can read, kept up to date with the graph and the last test run. */
export function useDataPaths(nodeId: string | null): PathCandidate[] {
  const { edges, meta, run } = useEditorStore(useShallow((state) => ({ edges: state.edges, meta: state.meta, run: state.run })));
  return useMemo(() => (nodeId === null ? [] : candidatesFrom({ edges, meta, run }, nodeId)), [nodeId, edges, meta, run]);
}
