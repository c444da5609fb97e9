import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { useEditorStore } from './editor-store.js';

type TemporalState = ReturnType<typeof useEditorStore.temporal.getState>;

const selectHistory = (state: TemporalState) => ({ canUndo: state.pastStates.length > 0, canRedo: state.futureStates.length > 0 });

/**
 * Runs an undo or redo, then gives the nodes that are still there their selection and measured size
 * back: history holds neither, and without the sizes React Flow would hide and measure every node
 * again, which a large workflow would feel. (The extra set is no edit, so it records nothing.)
 */
function keepingViewState(step: () => void): void {
  const before = useEditorStore.getState();
  const nodes = new Map(before.nodes.map((node) => [node.id, node]));
  const selectedEdges = new Set(before.edges.filter((edge) => edge.selected).map((edge) => edge.id));
  step();
  const after = useEditorStore.getState();
  useEditorStore.setState({
    nodes: after.nodes.map((node) => {
      const earlier = nodes.get(node.id);
      return earlier ? { ...node, selected: earlier.selected ?? false, ...(earlier.measured ? { measured: earlier.measured } : {}) } : node;
    }),
    edges: after.edges.map((edge) => (selectedEdges.has(edge.id) ? { ...edge, selected: true } : edge)),
  });
}

/** Steps back one edit (keeping the selection and node sizes). */
export function undo(): void {
  const history = useEditorStore.temporal.getState();
  if (history.pastStates.length > 0) keepingViewState(() => history.undo());
}

/** Steps forward one undone edit (keeping the selection and node sizes). */
export function redo(): void {
  const history = useEditorStore.temporal.getState();
  if (history.futureStates.length > 0) keepingViewState(() => history.redo());
}

/** Whether there is an edit to undo and one to redo (for enabling the toolbar buttons). */
export function useHistory(): { canUndo: boolean; canRedo: boolean } {
  return useStore(useEditorStore.temporal, useShallow(selectHistory));
}
