import { nodeCatalog } from '../../../../nodes/catalog.js';
import type { NodeSpec } from '../../../../runtime/definition/index.js';
import type { FlowNode } from '../model/flow-graph.js';

/** The CSS class that colours a node type by category (`category-unknown` when the type is unknown). */
export function categoryClass(spec: Pick<NodeSpec, 'category'> | undefined): string {
  return `category-${spec?.category ?? 'unknown'}`;
}

/** The minimap class of a canvas node: its category's colour, as on the canvas. */
export function minimapNodeClass(node: FlowNode): string {
  return categoryClass(nodeCatalog.get(node.data.type, node.data.version));
}
