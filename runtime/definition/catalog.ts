import type { NodeSpec } from './node-spec.js';

/** Look-up of node specs by type and version: the validator's and the designer's view of nodes. */
export interface NodeCatalog {
  /** The spec of `type` at exactly `version`, if known. */
  get(type: string, version: number): NodeSpec | undefined;
  /** The newest version of `type`, used when a node is added to the canvas. */
  latest(type: string): NodeSpec | undefined;
  /** Every known spec, newest version first within a type. */
  all(): readonly NodeSpec[];
}

/** Builds a catalog from an explicit list of specs; a type/version listed twice is a programming error. */
export function createCatalog(specs: readonly NodeSpec[]): NodeCatalog {
  const byKey = new Map<string, NodeSpec>();
  const newest = new Map<string, NodeSpec>();
  for (const spec of specs) {
    const key = `${spec.type}@${spec.version}`;
    if (byKey.has(key)) throw new Error(`node spec ${key} is registered twice`);
    byKey.set(key, spec);
    const current = newest.get(spec.type);
    if (!current || current.version < spec.version) newest.set(spec.type, spec);
  }
  const ordered = [...byKey.values()].sort(
    (a, b) => a.type.localeCompare(b.type) || b.version - a.version,
  );
  return {
    get: (type, version) => byKey.get(`${type}@${version}`),
    latest: (type) => newest.get(type),
    all: () => ordered,
  };
}
