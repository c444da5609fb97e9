import { useCallback } from 'react';
import { useViewport } from '../canvas/use-viewport.js';
import { NODE_HEIGHT, NODE_WIDTH } from '../model/node-size.js';
import { freeSpot } from '../model/placement.js';
import { useEditorStore } from '../store/editor-store.js';

/** Adds a node of a type in the middle of the canvas, fanned out from nodes already there. */
export function useAddAtCentre(): (type: string) => void {
  const { centre } = useViewport();
  return useCallback(
    (type: string) => {
      const middle = centre();
      const { nodes, addNode } = useEditorStore.getState();
      addNode(type, freeSpot(nodes, { x: middle.x - NODE_WIDTH / 2, y: middle.y - NODE_HEIGHT / 2 }));
    },
    [centre],
  );
}
