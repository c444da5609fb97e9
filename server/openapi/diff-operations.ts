import type { ImportedOperation } from '../../nodes/connector.openapi/operation.js';

/** What changed in one operation between two versions of a connector. */
export interface OperationChange {
  readonly id: string;
  /** Which parts changed: method, path, parameters, body, response, security. */
  readonly parts: string[];
}

/** Operations added, removed and changed from one version to the next, each list sorted by id. */
export interface OperationDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: OperationChange[];
}

const PARTS = ['method', 'path', 'parameters', 'body', 'response', 'security'] as const;

/** Compares operations by id; summaries and descriptions are words, not changes to the contract. */
export function diffOperations(before: readonly ImportedOperation[], after: readonly ImportedOperation[]): OperationDiff {
  const old = new Map(before.map((operation) => [operation.id, operation]));
  const next = new Map(after.map((operation) => [operation.id, operation]));
  const changed: OperationChange[] = [];
  for (const [id, operation] of next) {
    const previous = old.get(id);
    if (previous === undefined) continue;
    const parts = PARTS.filter((part) => canonical(previous[part]) !== canonical(operation[part]));
    if (parts.length > 0) changed.push({ id, parts });
  }
  return {
    added: [...next.keys()].filter((id) => !old.has(id)).sort(),
    removed: [...old.keys()].filter((id) => !next.has(id)).sort(),
    changed: changed.sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** JSON with object keys sorted, so key order in the document is not a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    typeof field === 'object' && field !== null && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : field,
  );
}
