import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useMemo } from 'react';
import { layoutInWorker } from '../layout/run-layout.js';
import { layoutGraphOf } from '../model/auto-layout.js';
import type { FlowEdge, FlowNode } from '../model/flow-graph.js';
import { useEditorStoreApi } from '../store/editor-context.js';
import { FIT_VIEW } from './fit-view.js';
import { initialViewport } from './initial-viewport.js';
import { toCanvasNode } from './to-canvas-node.js';

/** The User Timing entry of each auto-layout, from the command to the laid-out nodes in the store. */
export const LAYOUT_MEASURE = 'flowgate:auto-layout';

/** Viewport actions shared by the toolbar, the palette and the keyboard shortcuts. */
export interface ViewportCommands {
  fitView: () => void;
  zoomIn: () => void;
  zoomOut: () => void;
  /**
   * Arranges the workflow left to right (in a worker, so the page stays responsive), as one undoable
   * edit, then shows it at a readable zoom: all of it when it fits, otherwise its beginning.
   */
  layout: () => void;
  /** The flow position at the middle of the canvas. */
  centre: () => { x: number; y: number };
  /** Pans (keeping the zoom) so a flow rectangle is in view, when it is not already. */
  reveal: (box: { x: number; y: number; width: number; height: number }) => void;
}

/** The canvas's viewport actions (inside the editor's `ReactFlowProvider`). */
export function useViewport(): ViewportCommands {
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const flowStore = useStoreApi<FlowNode, FlowEdge>();
  const store = useEditorStoreApi();
  return useMemo(() => {
    const paneBounds = () => flowStore.getState().domNode?.getBoundingClientRect();
    return {
      fitView: () => void flow.fitView(FIT_VIEW),
      zoomIn: () => void flow.zoomIn({ duration: 150 }),
      zoomOut: () => void flow.zoomOut({ duration: 150 }),
      layout: () => {
        const { nodes, edges, readOnly } = store.getState();
        if (readOnly || nodes.length === 0) return;
        const started = performance.now();
        void layoutInWorker(layoutGraphOf(nodes, edges)).then((positions) => {
          store.getState().moveNodes(positions);
          // From the command to the new positions in the store; `npm run bench` reads it (docs/performance.md).
          performance.measure(LAYOUT_MEASURE, { start: started });
          const bounds = paneBounds();
          if (!bounds) return;
          void flow.setViewport(initialViewport(store.getState().nodes.map(toCanvasNode), bounds.width, bounds.height), { duration: 200 });
        });
      },
      centre: () => {
        const bounds = paneBounds();
        if (!bounds) return { x: 0, y: 0 };
        return flow.screenToFlowPosition({ x: bounds.left + bounds.width / 2, y: bounds.top + bounds.height / 2 });
      },
      reveal: (box) => {
        const bounds = paneBounds();
        if (!bounds) return;
        const topLeft = flow.screenToFlowPosition({ x: bounds.left, y: bounds.top });
        const bottomRight = flow.screenToFlowPosition({ x: bounds.right, y: bounds.bottom });
        const inView = box.x >= topLeft.x && box.y >= topLeft.y && box.x + box.width <= bottomRight.x && box.y + box.height <= bottomRight.y;
        if (!inView) void flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom: flow.getZoom(), duration: 200 });
      },
    };
  }, [flow, flowStore, store]);
}
