import { nodeCatalog } from '../../../../nodes/catalog.js';
import type { FlowNode } from '../model/flow-graph.js';
import { nodeGeometry } from '../model/node-geometry.js';
import { portLayout } from '../model/node-ports.js';

const cache = new WeakMap<FlowNode, FlowNode>();

/**
 * A store node as React Flow gets it. Named by the node's name for assistive technology (on the
 * focusable node element), and with its size and handle positions known in advance (see
 * `nodeGeometry`), so React Flow neither renders every node of a large workflow once to measure it
 * nor hides nodes until measured: with `onlyRenderVisibleElements` only the nodes in view are ever
 * rendered. Nodes of unknown types are measured as usual. The same store node gives the same
 * object, so React Flow's own change detection keeps working.
 */
export function toCanvasNode(node: FlowNode): FlowNode {
  const known = cache.get(node);
  if (known) return known;
  const spec = nodeCatalog.get(node.data.type, node.data.version);
  let shown: FlowNode = { ...node, ariaLabel: node.data.name };
  if (spec) {
    const { width, height, handles } = nodeGeometry(portLayout(spec, node.data.config));
    shown = { ...shown, handles, measured: node.measured ?? { width, height } };
  }
  cache.set(node, shown);
  return shown;
}
