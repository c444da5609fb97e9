import type { FlowNode } from './flow-graph.js';

/** How far a node added on top of another moves down and right. */
const STEP = 32;
/** Nodes this close count as on top of each other. */
const NEAR = 16;

/**
 * The first spot at or below-right of `position` that no node occupies, so adding several nodes at
 * the same place (the viewport centre) fans them out instead of stacking them.
 */
export function freeSpot(nodes: readonly FlowNode[], position: { readonly x: number; readonly y: number }): { x: number; y: number } {
  let spot = { x: Math.round(position.x), y: Math.round(position.y) };
  for (let tries = 0; tries < 100; tries++) {
    const taken = nodes.some((node) => Math.abs(node.position.x - spot.x) < NEAR && Math.abs(node.position.y - spot.y) < NEAR);
    if (!taken) return spot;
    spot = { x: spot.x + STEP, y: spot.y + STEP };
  }
  return spot;
}
