import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import type { FlowEdge, FlowNode } from '../model/flow-graph.js';
import { useEditorStore, type EditorState } from '../store/editor-store.js';
import { FIT_VIEW } from './use-viewport.js';

const selectWorkflowId = (state: EditorState) => state.workflowId;

/**
 * A loaded workflow is shown no smaller than this: a large one opens on its beginning, readable
 * and with only the nodes in view rendered, instead of as a thousand specks (F shows it all).
 */
const LOAD_MIN_ZOOM = 0.5;

/** Margin, in screen pixels, around a large workflow's beginning. */
const MARGIN = 40;

/**
 * Frames the workflow when one is loaded: all of it when it fits at a readable size, otherwise its
 * left (where the triggers are), vertically centred when that fits. The store outlives the page,
 * so until the loader has put this route's workflow in, it may still hold the previous one: wait
 * for the ids to match.
 */
export function useFitOnLoad(): void {
  const { workflowId: routeWorkflowId } = useParams();
  const loadedWorkflowId = useEditorStore(selectWorkflowId);
  const { fitView, getViewport, setViewport, getNodes, getNodesBounds } = useReactFlow<FlowNode, FlowEdge>();
  const flowStore = useStoreApi<FlowNode, FlowEdge>();
  useEffect(() => {
    if (loadedWorkflowId !== routeWorkflowId || useEditorStore.getState().nodes.length === 0) return;
    void fitView({ ...FIT_VIEW, duration: 0, minZoom: LOAD_MIN_ZOOM }).then(() => {
      const { zoom } = getViewport();
      if (zoom > LOAD_MIN_ZOOM) return;
      const bounds = getNodesBounds(getNodes());
      const { height } = flowStore.getState();
      const fitsHeight = bounds.height * zoom + 2 * MARGIN <= height;
      void setViewport({
        x: MARGIN - bounds.x * zoom,
        y: fitsHeight ? (height - bounds.height * zoom) / 2 - bounds.y * zoom : MARGIN - bounds.y * zoom,
        zoom,
      });
    });
  }, [loadedWorkflowId, routeWorkflowId, fitView, getViewport, setViewport, getNodes, getNodesBounds, flowStore]);
}
