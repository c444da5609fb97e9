import type { FlowNode } from './flow-graph.js';
import { nodeSize } from './node-geometry.js';

/** How far a node added on top of another moves down and right. */
const STEP = 32;
/** Nodes this close count as on top of each other. */
const NEAR = 16;

/**
 * The first spot at or below-right of `position` that no node occupies, so pasting several times
 * at the same place fans the copies out instead of stacking them.
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

/** A node's box on the canvas. */
interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Space kept free around a new node, so its ports and edges stay readable. */
export const PLACEMENT_GAP = 40;
/** The grid free spots are searched on, in flow pixels. */
const GRID = 20;
/** How far (in grid steps) the search looks before giving up and going right of everything. */
const SEARCH_STEPS = 40;

function boxOf(node: FlowNode): Box {
  return { ...node.position, ...nodeSize(node) };
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width + PLACEMENT_GAP && b.x < a.x + a.width + PLACEMENT_GAP && a.y < b.y + b.height + PLACEMENT_GAP && b.y < a.y + a.height + PLACEMENT_GAP;
}

/** The first candidate where a box of `size` overlaps none of `boxes`. */
function firstFree(candidates: Iterable<{ x: number; y: number }>, size: { width: number; height: number }, boxes: readonly Box[]): { x: number; y: number } | undefined {
  for (const candidate of candidates) {
    const box = { ...candidate, ...size };
    if (!boxes.some((other) => overlaps(box, other))) return candidate;
  }
  return undefined;
}

/** Spots below `start` in its column, then in the columns to its right (reading order of a flow). */
function* columnsFrom(start: { x: number; y: number }, size: { width: number; height: number }): Generator<{ x: number; y: number }> {
  for (let column = 0; column < 4; column++) {
    const x = start.x + column * (size.width + PLACEMENT_GAP * 2);
    for (let row = 0; row <= SEARCH_STEPS * 2; row++) yield { x, y: start.y + row * GRID };
  }
}

/** Spots around `centre`, nearest first. */
function* around(centre: { x: number; y: number }): Generator<{ x: number; y: number }> {
  const offsets: { dx: number; dy: number; distance: number }[] = [];
  for (let dx = -SEARCH_STEPS; dx <= SEARCH_STEPS; dx++) {
    for (let dy = -SEARCH_STEPS; dy <= SEARCH_STEPS; dy++) offsets.push({ dx, dy, distance: dx * dx + dy * dy });
  }
  offsets.sort((a, b) => a.distance - b.distance || a.dy - b.dy || a.dx - b.dx);
  for (const { dx, dy } of offsets) yield { x: centre.x + dx * GRID, y: centre.y + dy * GRID };
}

/**
 * Where a node added by click (or Enter) goes, as its top-left corner: right of the selection
 * (below what is already there, so a condition's second branch lands under its first), or — with
 * nothing selected — as near `free` (the middle of the view) as it can be. Either way it never
 * overlaps another node: it keeps {@link PLACEMENT_GAP} from every node's box. When nothing near
 * is free, it goes right of the whole workflow.
 */
export function placeNewNode(nodes: readonly FlowNode[], size: { width: number; height: number }, free: { readonly x: number; readonly y: number }): { x: number; y: number } {
  const boxes = nodes.map(boxOf);
  const selected = nodes.filter((node) => node.selected).map(boxOf);
  const anchor = selected.reduce<Box | undefined>((right, box) => (right === undefined || box.x + box.width > right.x + right.width ? box : right), undefined);
  const found = anchor
    ? firstFree(columnsFrom({ x: Math.round(anchor.x + anchor.width + PLACEMENT_GAP * 2), y: Math.round(anchor.y) }, size), size, boxes)
    : firstFree(around({ x: Math.round(free.x), y: Math.round(free.y) }), size, boxes);
  if (found) return found;
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const top = Math.min(...boxes.map((box) => box.y));
  return { x: Math.round(right + PLACEMENT_GAP * 2), y: Math.round(top) };
}
