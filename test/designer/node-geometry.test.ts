import { Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { nodeGeometry } from '../../designer/src/editor/model/node-geometry.js';
import { portLayout } from '../../designer/src/editor/model/node-ports.js';
import { nodeCatalog } from '../../nodes/catalog.js';
import type { NodeSpec } from '../../runtime/definition/index.js';

const spec = (type: string) => nodeCatalog.latest(type) as NodeSpec;

describe('portLayout', () => {
  it('lists config-driven outputs and puts the error port last', () => {
    const layout = portLayout(spec('logic.switch'), { cases: [{ port: 'vip', label: 'VIP', rule: true }, { port: 'bulk', rule: true }] });
    expect(layout.inputs.map((port) => port.name)).toEqual(['in']);
    expect(layout.outputs.map((port) => `${port.name}:${port.label}`)).toEqual(['default:Default', 'vip:VIP', 'bulk:bulk', 'error:Error']);
  });
});

describe('nodeGeometry', () => {
  it('sizes a node by its port rows (the layout styles.css draws)', () => {
    expect(nodeGeometry(portLayout(spec('trigger.manual'), {})).height).toBe(2 + 44 + 1 + 6 + 20);
    expect(nodeGeometry(portLayout(spec('logic.condition'), {})).height).toBe(2 + 44 + 1 + 6 + 3 * 20);
    expect(nodeGeometry({ inputs: [], outputs: [] })).toMatchObject({ width: 220, height: 46, handles: [] });
  });

  it('centres a handle per port on the left or right border, one row each', () => {
    const { handles } = nodeGeometry(portLayout(spec('logic.condition'), {}));
    expect(handles).toEqual([
      { id: 'in', type: 'target', position: Position.Left, x: -4.5, y: 53.5, width: 11, height: 11 },
      { id: 'true', type: 'source', position: Position.Right, x: 213.5, y: 53.5, width: 11, height: 11 },
      { id: 'false', type: 'source', position: Position.Right, x: 213.5, y: 73.5, width: 11, height: 11 },
      { id: 'error', type: 'source', position: Position.Right, x: 213.5, y: 93.5, width: 11, height: 11 },
    ]);
  });
});
