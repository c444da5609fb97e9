import type { FitViewOptions } from '@xyflow/react';
import type { FlowNode } from '../model/flow-graph.js';

/** How "fit view" frames the workflow: some margin, and never zoomed in past 100 %. */
export const FIT_VIEW: FitViewOptions<FlowNode> = { padding: 0.15, maxZoom: 1, duration: 200 };
