import { getNodesBounds, getViewportForBounds, type Viewport } from '@xyflow/react';
import type { FlowNode } from '../model/flow-graph.js';
import { FIT_VIEW } from './fit-view.js';

/**
 * A loaded workflow is shown no smaller than this: a large one opens on its beginning, readable
 * and with only the nodes in view rendered, instead of as a thousand specks (F shows it all).
 */
export const LOAD_MIN_ZOOM = 0.5;

/** Margin, in screen pixels, around a large workflow's beginning. */
const MARGIN = 40;

/**
 * Where the canvas opens on a workflow, computed before anything is drawn (nodes have known sizes,
 * see `toCanvasNode`), so the nodes in view mount once, at their place: all of the workflow when it
 * fits at a readable size (as "fit view" frames it), otherwise its left (where the triggers are),
 * vertically centred when that fits.
 */
export function initialViewport(nodes: readonly FlowNode[], width: number, height: number): Viewport {
  if (nodes.length === 0 || width === 0 || height === 0) return { x: 0, y: 0, zoom: 1 };
  const bounds = getNodesBounds([...nodes]);
  const fitted = getViewportForBounds(bounds, width, height, LOAD_MIN_ZOOM, FIT_VIEW.maxZoom ?? 1, FIT_VIEW.padding ?? 0.1);
  if (fitted.zoom > LOAD_MIN_ZOOM) return fitted;
  const zoom = fitted.zoom;
  const fitsHeight = bounds.height * zoom + 2 * MARGIN <= height;
  return {
    x: MARGIN - bounds.x * zoom,
    y: fitsHeight ? (height - bounds.height * zoom) / 2 - bounds.y * zoom : MARGIN - bounds.y * zoom,
    zoom,
  };
}
