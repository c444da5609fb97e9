import { useCallback } from 'react';
import { useViewport } from '../canvas/use-viewport.js';
import { NODE_HEIGHT, NODE_WIDTH } from '../model/node-size.js';
import { freeSpot } from '../model/placement.js';
import { useEditorStoreApi } from '../store/editor-context.js';

/** Adds a node of a type in the middle of the canvas, fanned out from nodes already there. */
export function useAddAtCentre(): (type: string) => void {
  const { centre } = useViewport();
  const store = useEditorStoreApi();
  return useCallback(
    (type: string) => {
      const middle = centre();
      const { nodes, addNode } = store.getState();
      addNode(type, freeSpot(nodes, { x: middle.x - NODE_WIDTH / 2, y: middle.y - NODE_HEIGHT / 2 }));
    },
    [centre, store],
  );
}
