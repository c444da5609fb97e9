import { Position, type NodeHandle } from '@xyflow/react';
import { nodeCatalog } from '../../../../nodes/catalog.js';
import type { FlowNode } from './flow-graph.js';
import { portLayout, type PortLayout } from './node-ports.js';
import { NODE_HEIGHT, NODE_WIDTH } from './node-size.js';

/*
 * The canvas node's box model, in pixels. `styles.css` (`.wf-node`, `.wf-node-header`,
 * `.wf-node-ports`, `.wf-port-row`, `.wf-node .react-flow__handle`) uses the same fixed sizes, so a
 * node's size and handle positions are known before it is ever rendered.
 */
const NODE_BORDER = 1;
const HEADER_HEIGHT = 44;
const PORTS_PADDING = 3;
const PORT_ROW_HEIGHT = 20;
const HANDLE_SIZE = 11;

/** A node's size and handle positions (relative to its top-left corner), as React Flow takes them. */
export interface NodeGeometry {
  readonly width: number;
  readonly height: number;
  readonly handles: NodeHandle[];
}

/**
 * Where a node of these ports is drawn: its size, and a handle per port centred on the left (inputs)
 * or right (outputs) border, one port row each. Matches what the browser lays out, so React Flow
 * can draw edges to nodes it has not rendered yet.
 */
export function nodeGeometry(ports: PortLayout): NodeGeometry {
  const rows = Math.max(ports.inputs.length, ports.outputs.length);
  const portsHeight = rows === 0 ? 0 : NODE_BORDER + 2 * PORTS_PADDING + rows * PORT_ROW_HEIGHT;
  const rowCentre = (row: number) => NODE_BORDER + HEADER_HEIGHT + NODE_BORDER + PORTS_PADDING + row * PORT_ROW_HEIGHT + PORT_ROW_HEIGHT / 2;
  const handle = (type: 'source' | 'target', name: string, row: number): NodeHandle => ({
    id: name,
    type,
    position: type === 'target' ? Position.Left : Position.Right,
    x: (type === 'target' ? NODE_BORDER : NODE_WIDTH - NODE_BORDER) - HANDLE_SIZE / 2,
    y: rowCentre(row) - HANDLE_SIZE / 2,
    width: HANDLE_SIZE,
    height: HANDLE_SIZE,
  });
  return {
    width: NODE_WIDTH,
    height: 2 * NODE_BORDER + HEADER_HEIGHT + portsHeight,
    handles: [...ports.inputs.map((port, row) => handle('target', port.name, row)), ...ports.outputs.map((port, row) => handle('source', port.name, row))],
  };
}

/** A node's size on the canvas: as measured, else as its ports lay it out, else a typical node's. */
export function nodeSize(node: FlowNode): { width: number; height: number } {
  if (node.measured?.width !== undefined && node.measured.height !== undefined) return { width: node.measured.width, height: node.measured.height };
  const spec = nodeCatalog.get(node.data.type, node.data.version);
  if (!spec) return { width: NODE_WIDTH, height: NODE_HEIGHT };
  const { width, height } = nodeGeometry(portLayout(spec, node.data.config));
  return { width, height };
}

/** The size a new node of `type` (the catalog's newest version, nothing configured) is drawn at. */
export function newNodeSize(type: string): { width: number; height: number } {
  const spec = nodeCatalog.latest(type);
  if (!spec) return { width: NODE_WIDTH, height: NODE_HEIGHT };
  const { width, height } = nodeGeometry(portLayout(spec, {}));
  return { width, height };
}
