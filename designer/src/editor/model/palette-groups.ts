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

/** The node types of one external system (a spec's `group`, e.g. "Shopify") within a category. */
export interface PaletteSystem {
  readonly name: string;
  readonly specs: readonly NodeSpec[];
}

/** One palette section: a category, its node types without a group, then its systems. */
export interface PaletteGroup {
  readonly category: NodeCategory;
  readonly label: string;
  /** Node types of the category that belong to no system, by title. */
  readonly ungrouped: readonly NodeSpec[];
  /** The category's systems by name, each with its node types by title. */
  readonly systems: readonly PaletteSystem[];
  /** Every node type of the section in the order shown: the ungrouped ones, then each system's. */
  readonly specs: readonly NodeSpec[];
}

/** Whether every word of the query appears in the spec's title, type, group or description. */
function matches(spec: NodeSpec, words: readonly string[]): boolean {
  const haystack = `${spec.title} ${spec.type} ${spec.group ?? ''} ${spec.description}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

const byTitle = (a: NodeSpec, b: NodeSpec): number => a.title.localeCompare(b.title);

/** The category's node types split into those without a group and one list per system. */
function section(category: NodeCategory, label: string, specs: readonly NodeSpec[]): PaletteGroup {
  const ungrouped = specs.filter((spec) => spec.group === undefined).sort(byTitle);
  const names = [...new Set(specs.flatMap((spec) => (spec.group === undefined ? [] : [spec.group])))].sort((a, b) => a.localeCompare(b));
  const systems = names.map((name) => ({ name, specs: specs.filter((spec) => spec.group === name).sort(byTitle) }));
  return { category, label, ungrouped, systems, specs: [...ungrouped, ...systems.flatMap((system) => system.specs)] };
}

/**
 * The node types to offer, newest version of each, grouped by category (empty groups left out) and
 * within a category by external system, filtered by a search query over title, type, system and
 * description.
 */
export function paletteGroups(catalog: NodeCatalog, query: string): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word !== '');
  // The generic API connector step is offered through the operations it calls (the palette's API connectors section).
  const newest = catalog.all().filter((spec) => catalog.latest(spec.type) === spec && spec.type !== CONNECTOR_OPENAPI_TYPE && matches(spec, words));
  return CATEGORIES.map(({ category, label }) => section(category, label, newest.filter((spec) => spec.category === category))).filter(
    (group) => group.specs.length > 0,
  );
}
