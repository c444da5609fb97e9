import { useReactFlow } from '@xyflow/react';
import { useMemo, type DragEvent } from 'react';
import type { FlowEdge, FlowNode } from '../model/flow-graph.js';
import { NODE_WIDTH } from '../model/node-size.js';
import { carriesNode, droppedNodePreset, droppedNodeType } from '../palette/node-drag.js';
import { useEditorStoreApi } from '../store/editor-context.js';

/** Where under the pointer a dropped node's top-left corner goes: the pointer holds its header. */
const GRAB = { x: NODE_WIDTH / 2, y: 20 };

/** Makes the canvas a drop target for node types dragged from the palette. */
export function usePaletteDrop(): { onDragOver: (event: DragEvent) => void; onDrop: (event: DragEvent) => void } {
  const { screenToFlowPosition } = useReactFlow<FlowNode, FlowEdge>();
  const store = useEditorStoreApi();
  return useMemo(
    () => ({
      onDragOver: (event: DragEvent) => {
        if (!carriesNode(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      },
      onDrop: (event: DragEvent) => {
        const type = droppedNodeType(event);
        if (!type) return;
        event.preventDefault();
        const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
        store.getState().addNode(type, { x: Math.round(at.x - GRAB.x), y: Math.round(at.y - GRAB.y) }, droppedNodePreset(event));
      },
    }),
    [screenToFlowPosition, store],
  );
}
