import type { DragEvent } from 'react';

/** The drag data type of a node type dragged from the palette (its value is the node type). */
const NODE_DRAG_TYPE = 'application/x-flowgate-node';

/** Starts dragging a node type from the palette. */
export function startNodeDrag(event: DragEvent, type: string): void {
  event.dataTransfer.setData(NODE_DRAG_TYPE, type);
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
