import { describe, expect, it } from 'vitest';
import { NODE_ICONS } from '../../designer/src/editor/canvas/node-icons.js';
import { paletteGroups } from '../../designer/src/editor/model/palette-groups.js';
import { uniqueName } from '../../designer/src/editor/model/node-names.js';
import { nodeSize } from '../../designer/src/editor/model/node-geometry.js';
import { NODE_HEIGHT, NODE_WIDTH } from '../../designer/src/editor/model/node-size.js';
import { PLACEMENT_GAP, freeSpot, placeNewNode } from '../../designer/src/editor/model/placement.js';
import type { FlowNode } from '../../designer/src/editor/model/flow-graph.js';
import { nodeCatalog } from '../../nodes/catalog.js';
import { createCatalog, type NodeSpec } from '../../runtime/definition/index.js';
import { flowNode } from './graph-fixtures.js';

describe('paletteGroups', () => {
  it('offers every node type once, grouped by category, triggers first (API connector steps through their operations)', () => {
    const groups = paletteGroups(nodeCatalog, '');
    expect(groups[0]?.category).toBe('trigger');
    const types = groups.flatMap((group) => group.specs.map((spec) => spec.type));
    expect(new Set(types).size).toBe(types.length);
    expect(types.sort()).toEqual([...new Set(nodeCatalog.all().map((spec) => spec.type))].filter((type) => type !== 'connector.openapi').sort());
    for (const group of groups) expect(group.specs.every((spec) => spec.category === group.category)).toBe(true);
  });

  it('offers only the newest version of a type', () => {
    const transform = nodeCatalog.latest('data.transform') as NodeSpec;
    const catalog = createCatalog([transform, { ...transform, version: 2, title: 'Transform 2' }]);
    expect(paletteGroups(catalog, '').flatMap((group) => group.specs.map((spec) => spec.version))).toEqual([2]);
  });

  it('lists connector operations per external system after the ungrouped node types', () => {
    const connectors = paletteGroups(nodeCatalog, '').find((group) => group.category === 'connector');
    expect(connectors?.ungrouped.map((spec) => spec.type)).toContain('connector.http');
    const shopify = connectors?.systems.find((system) => system.name === 'Shopify');
    expect(shopify?.specs.map((spec) => spec.type)).toContain('connector.shopify.createRefund');
    expect(shopify?.specs.every((spec) => spec.group === 'Shopify')).toBe(true);
    expect(connectors?.specs).toEqual([...(connectors?.ungrouped ?? []), ...(connectors?.systems.flatMap((system) => system.specs) ?? [])]);
  });

  it("finds operations by their system's name", () => {
    const connectors = paletteGroups(nodeCatalog, 'shopify refund').find((group) => group.category === 'connector');
    expect(connectors?.ungrouped).toEqual([]);
    expect(connectors?.systems.map((system) => system.name)).toEqual(['Shopify']);
    expect(connectors?.specs.map((spec) => spec.type)).toContain('connector.shopify.createRefund');
    expect(connectors?.specs.map((spec) => spec.type)).not.toContain('connector.shopify.listInventoryLevels');
  });

  it('searches title, type and description, every word', () => {
    const titles = (query: string) => paletteGroups(nodeCatalog, query).flatMap((group) => group.specs.map((spec) => spec.title));
    expect(titles('webhook')).toContain('Webhook');
    expect(titles('logic.switch')).toEqual(['Switch']);
    expect(titles('  CONDITION ')).toContain('Condition');
    expect(titles('http request')).toContain('HTTP request');
    expect(titles('http request')).not.toContain('Condition');
    expect(titles('no such thing')).toEqual([]);
  });
});

describe('freeSpot', () => {
  it('keeps a free position and moves on past occupied ones', () => {
    expect(freeSpot([], { x: 10.4, y: 20.6 })).toEqual({ x: 10, y: 21 });
    const nodes = [flowNode('a', 'data.transform', { x: 100, y: 100 }), flowNode('b', 'data.transform', { x: 132, y: 132 })];
    expect(freeSpot(nodes, { x: 105, y: 95 })).toEqual({ x: 169, y: 159 });
  });
});

describe('placeNewNode', () => {
  const size = { width: NODE_WIDTH, height: NODE_HEIGHT };
  /** Whether a new node at `spot` keeps the gap from every node. */
  const clear = (nodes: readonly FlowNode[], spot: { x: number; y: number }) =>
    nodes.every((node) => {
      const box = { ...node.position, ...nodeSize(node) };
      return spot.x >= box.x + box.width + PLACEMENT_GAP || box.x >= spot.x + size.width + PLACEMENT_GAP || spot.y >= box.y + box.height + PLACEMENT_GAP || box.y >= spot.y + size.height + PLACEMENT_GAP;
    });

  it('puts the node where it was wanted when that is free', () => {
    expect(placeNewNode([], size, { x: 10.4, y: 20.6 })).toEqual({ x: 10, y: 21 });
    expect(placeNewNode([flowNode('far', 'data.transform', { x: 2000, y: 2000 })], size, { x: 0, y: 0 })).toEqual({ x: 0, y: 0 });
  });

  it('never puts it on another node: the nearest free spot to the middle of the view', () => {
    const nodes = [flowNode('a', 'data.transform', { x: 0, y: 0 }), flowNode('b', 'logic.condition', { x: 300, y: 0 }), flowNode('c', 'data.transform', { x: 0, y: 200 })];
    const spot = placeNewNode(nodes, size, { x: 20, y: 20 });
    expect(clear(nodes, spot)).toBe(true);
    // Nearer than going right of everything.
    expect(Math.hypot(spot.x - 20, spot.y - 20)).toBeLessThan(400);
  });

  it('adds after the selection: to its right, level with it, below what is already there', () => {
    const check = { ...flowNode('check', 'logic.condition', { x: 100, y: 100 }), selected: true };
    const first = placeNewNode([check], size, { x: 5000, y: 5000 });
    expect(first.y).toBe(100);
    expect(first.x).toBeGreaterThan(100 + NODE_WIDTH);
    const branch = flowNode('yes', 'data.transform', first);
    const second = placeNewNode([check, branch], size, { x: 5000, y: 5000 });
    expect(second.x).toBe(first.x);
    expect(second.y).toBeGreaterThanOrEqual(first.y + nodeSize(branch).height + PLACEMENT_GAP);
    expect(clear([check, branch], second)).toBe(true);
  });

  it('goes right of the whole workflow when nothing near is free', () => {
    const wall: FlowNode[] = [];
    for (let x = -2000; x <= 2000; x += 260) for (let y = -2000; y <= 2000; y += 130) wall.push(flowNode(`n${x}_${y}`, 'data.transform', { x, y }));
    const spot = placeNewNode(wall, size, { x: 0, y: 0 });
    expect(clear(wall, spot)).toBe(true);
  });
});

describe('uniqueName', () => {
  it('keeps a free name and counts up from the base of a taken one', () => {
    expect(uniqueName('Transform', [])).toBe('Transform');
    expect(uniqueName('Transform', ['Transform'])).toBe('Transform 2');
    expect(uniqueName('Transform', ['Transform', 'Transform 2', 'Transform 4'])).toBe('Transform 3');
    expect(uniqueName('Transform 2', ['Transform', 'Transform 2'])).toBe('Transform 3');
    expect(uniqueName('transform', [' Transform '])).toBe('transform 2');
    expect(uniqueName('  ', [])).toBe('Node');
    expect(uniqueName('2', ['2'])).toBe('2 2');
  });
});

describe('node icons', () => {
  it('has an icon for every node type of the catalog', () => {
    const missing = nodeCatalog.all().filter((spec) => !(spec.icon in NODE_ICONS));
    expect(missing.map((spec) => `${spec.type}: ${spec.icon}`)).toEqual([]);
  });
});
