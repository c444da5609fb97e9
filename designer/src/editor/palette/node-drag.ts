import type { DragEvent } from 'react';
import type { NodePreset } from '../store/graph-slice.js';

/** The drag data type of a node type dragged from the palette (its value is the node type). */
const NODE_DRAG_TYPE = 'application/x-flowgate-node';

/** The drag data type of what a palette entry presets on the node (JSON of a {@link NodePreset}). */
const NODE_PRESET_TYPE = 'application/x-flowgate-node-preset';

/** Starts dragging a node type (with what the entry presets) from the palette. */
export function startNodeDrag(event: DragEvent, type: string, preset?: NodePreset): void {
  event.dataTransfer.setData(NODE_DRAG_TYPE, type);
  if (preset) event.dataTransfer.setData(NODE_PRESET_TYPE, JSON.stringify(preset));
  event.dataTransfer.effectAllowed = 'copy';
}

/** Whether a drag carries a node type from the palette (readable while dragging over, unlike its value). */
export function carriesNode(event: DragEvent): boolean {
  return event.dataTransfer.types.includes(NODE_DRAG_TYPE);
}

/** The node type dropped, if the drop came from the palette. */
export function droppedNodeType(event: DragEvent): string | undefined {
  return event.dataTransfer.getData(NODE_DRAG_TYPE) || undefined;
}

/** What the dropped entry presets, if anything (only plain JSON from our own palette is read). */
export function droppedNodePreset(event: DragEvent): NodePreset | undefined {
  const text = event.dataTransfer.getData(NODE_PRESET_TYPE);
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
