import { CONNECTOR_OPENAPI_TYPE } from '../../../../nodes/connector.openapi/spec.js';
import type { NodeCatalog, NodeCategory, NodeSpec } from '../../../../runtime/definition/index.js';

/** The palette's sections, in the order a workflow is usually built. */
const CATEGORIES: readonly { readonly category: NodeCategory; readonly label: string }[] = [
  { category: 'trigger', label: 'Triggers' },
  { category: 'logic', label: 'Logic' },
  { category: 'data', label: 'Data' },
  { category: 'connector', label: 'Connectors' },
  { category: 'human', label: 'Human' },
  { category: 'flow', label: 'Flow' },
  { category: 'ai', label: 'AI' },
];

/** One palette section: a category and its node types. */
export interface PaletteGroup {
  readonly category: NodeCategory;
  readonly label: string;
  readonly specs: readonly NodeSpec[];
}

/** Whether every word of the query appears in the spec's title, type or description. */
function matches(spec: NodeSpec, words: readonly string[]): boolean {
  const haystack = `${spec.title} ${spec.type} ${spec.description}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/**
 * The node types to offer, newest version of each, grouped by category (empty groups left out) and
 * filtered by a search query over title, type and description.
 */
export function paletteGroups(catalog: NodeCatalog, query: string): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word !== '');
  // The generic API connector step is offered through the operations it calls (the palette's API connectors section).
  const newest = catalog.all().filter((spec) => catalog.latest(spec.type) === spec && spec.type !== CONNECTOR_OPENAPI_TYPE && matches(spec, words));
  return CATEGORIES.map(({ category, label }) => ({
    category,
    label,
    specs: newest.filter((spec) => spec.category === category).sort((a, b) => a.title.localeCompare(b.title)),
  })).filter((group) => group.specs.length > 0);
}
