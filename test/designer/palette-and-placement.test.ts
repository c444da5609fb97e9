import { describe, expect, it } from 'vitest';
import { NODE_ICONS } from '../../designer/src/editor/canvas/node-icons.js';
import { paletteGroups } from '../../designer/src/editor/model/palette-groups.js';
import { freeSpot } from '../../designer/src/editor/model/placement.js';
import { nodeCatalog } from '../../nodes/catalog.js';
import { createCatalog, type NodeSpec } from '../../runtime/definition/index.js';
import { flowNode } from './graph-fixtures.js';

describe('paletteGroups', () => {
  it('offers every node type once, grouped by category, triggers first', () => {
    const groups = paletteGroups(nodeCatalog, '');
    expect(groups[0]?.category).toBe('trigger');
    const types = groups.flatMap((group) => group.specs.map((spec) => spec.type));
    expect(new Set(types).size).toBe(types.length);
    expect(types.sort()).toEqual([...new Set(nodeCatalog.all().map((spec) => spec.type))].sort());
    for (const group of groups) expect(group.specs.every((spec) => spec.category === group.category)).toBe(true);
  });

  it('offers only the newest version of a type', () => {
    const transform = nodeCatalog.latest('data.transform') as NodeSpec;
    const catalog = createCatalog([transform, { ...transform, version: 2, title: 'Transform 2' }]);
    expect(paletteGroups(catalog, '').flatMap((group) => group.specs.map((spec) => spec.version))).toEqual([2]);
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

describe('node icons', () => {
  it('has an icon for every node type of the catalog', () => {
    const missing = nodeCatalog.all().filter((spec) => !(spec.icon in NODE_ICONS));
    expect(missing.map((spec) => `${spec.type}: ${spec.icon}`)).toEqual([]);
  });
});
