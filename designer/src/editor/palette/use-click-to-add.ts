import { useCallback } from 'react';
import { useViewport } from '../canvas/use-viewport.js';
import { newNodeSize, nodeSize } from '../model/node-geometry.js';
import { placeNewNode } from '../model/placement.js';
import { useEditorStoreApi } from '../store/editor-context.js';
import type { NodePreset } from '../store/graph-slice.js';

/**
 * Adds a node of a type by click or Enter: next to the selection, or as near the middle of the
 * canvas as is free, never on top of another node (`placeNewNode`); the view follows when the new
 * node lands outside it.
 */
export function useClickToAdd(): (type: string, preset?: NodePreset) => void {
  const viewport = useViewport();
  const store = useEditorStoreApi();
  return useCallback(
    (type: string, preset?: NodePreset) => {
      const middle = viewport.centre();
      const { nodes, addNode } = store.getState();
      const size = newNodeSize(type);
      const at = placeNewNode(nodes, size, { x: middle.x - size.width / 2, y: middle.y - size.height / 2 });
      const id = addNode(type, at, preset);
      const added = store.getState().nodes.find((node) => node.id === id);
      if (added) viewport.reveal({ ...added.position, ...nodeSize(added) });
    },
    [viewport, store],
  );
}
