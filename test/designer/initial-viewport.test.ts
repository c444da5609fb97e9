import { describe, expect, it } from 'vitest';
import { LOAD_MIN_ZOOM, initialViewport } from '../../designer/src/editor/canvas/initial-viewport.js';
import { toCanvasNode } from '../../designer/src/editor/canvas/to-canvas-node.js';
import { flowNode } from './graph-fixtures.js';

/** Where a flow position lands on screen. */
const onScreen = (viewport: { x: number; y: number; zoom: number }, point: { x: number; y: number }) => ({
  x: point.x * viewport.zoom + viewport.x,
  y: point.y * viewport.zoom + viewport.y,
});

describe('initialViewport', () => {
  it('opens an empty workflow (or an unmeasured canvas) at the origin, at 100 %', () => {
    expect(initialViewport([], 1200, 800)).toEqual({ x: 0, y: 0, zoom: 1 });
    expect(initialViewport([toCanvasNode(flowNode('a', 'trigger.manual'))], 0, 0)).toEqual({ x: 0, y: 0, zoom: 1 });
  });

  it('frames a small workflow whole, centred and never above 100 %', () => {
    const nodes = [flowNode('a', 'trigger.manual', { x: 0, y: 0 }), flowNode('b', 'data.transform', { x: 300, y: 0 })].map(toCanvasNode);
    const viewport = initialViewport(nodes, 1200, 800);
    expect(viewport.zoom).toBe(1);
    const left = onScreen(viewport, { x: 0, y: 0 });
    const right = onScreen(viewport, { x: 300 + (nodes[1]?.measured?.width ?? 0), y: 0 });
    expect(left.x).toBeGreaterThan(0);
    expect(right.x).toBeLessThan(1200);
    expect(Math.abs(left.x - (1200 - right.x))).toBeLessThan(1);
  });

  it('zooms out to fit a mid-sized workflow, down to the readable minimum', () => {
    const nodes = Array.from({ length: 6 }, (_, index) => flowNode(`n${index}`, 'data.transform', { x: index * 300, y: 0 })).map(toCanvasNode);
    const viewport = initialViewport(nodes, 1200, 800);
    expect(viewport.zoom).toBeLessThan(1);
    expect(viewport.zoom).toBeGreaterThan(LOAD_MIN_ZOOM);
    expect(onScreen(viewport, { x: 0, y: 0 }).x).toBeGreaterThan(0);
    expect(onScreen(viewport, { x: 5 * 300 + (nodes[5]?.measured?.width ?? 0), y: 0 }).x).toBeLessThan(1200);
  });

  it('opens a workflow too large to read whole on its left edge at the minimum zoom, vertically centred when it fits', () => {
    const wide = Array.from({ length: 40 }, (_, index) => flowNode(`n${index}`, 'data.transform', { x: index * 300, y: 100 })).map(toCanvasNode);
    const viewport = initialViewport(wide, 1200, 800);
    expect(viewport.zoom).toBe(LOAD_MIN_ZOOM);
    expect(onScreen(viewport, { x: 0, y: 100 }).x).toBe(40);
    const height = wide[0]?.measured?.height ?? 0;
    const top = onScreen(viewport, { x: 0, y: 100 }).y;
    expect(Math.abs(top - (800 - (top + height * viewport.zoom)))).toBeLessThan(1);

    const tall = Array.from({ length: 40 }, (_, index) => flowNode(`n${index}`, 'data.transform', { x: (index % 20) * 300, y: Math.floor(index / 20) * 2000 })).map(toCanvasNode);
    const topLeft = initialViewport(tall, 1200, 800);
    expect(onScreen(topLeft, { x: 0, y: 0 })).toEqual({ x: 40, y: 40 });
  });
});
