import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useMemo } from 'react';
import type { FlowEdge, FlowNode } from '../model/flow-graph.js';
import { useEditorStoreApi } from '../store/editor-context.js';
import { FIT_VIEW } from './fit-view.js';


/** Viewport actions shared by the toolbar, the palette and the keyboard shortcuts. */
export interface ViewportCommands {
  fitView: () => void;
  zoomIn: () => void;
  zoomOut: () => void;
  /** Arranges the workflow left to right, then fits it into view. */
  layout: () => void;
  /** The flow position at the middle of the canvas. */
  centre: () => { x: number; y: number };
}

/** The canvas's viewport actions (inside the editor's `ReactFlowProvider`). */
export function useViewport(): ViewportCommands {
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const flowStore = useStoreApi<FlowNode, FlowEdge>();
  const store = useEditorStoreApi();
  return useMemo(
    () => ({
      fitView: () => void flow.fitView(FIT_VIEW),
      zoomIn: () => void flow.zoomIn({ duration: 150 }),
      zoomOut: () => void flow.zoomOut({ duration: 150 }),
      layout: () => {
        store.getState().layout();
        void flow.fitView(FIT_VIEW);
      },
      centre: () => {
        const bounds = flowStore.getState().domNode?.getBoundingClientRect();
        if (!bounds) return { x: 0, y: 0 };
        return flow.screenToFlowPosition({ x: bounds.left + bounds.width / 2, y: bounds.top + bounds.height / 2 });
      },
    }),
    [flow, flowStore, store],
  );
}
