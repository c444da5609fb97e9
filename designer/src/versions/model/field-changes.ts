import { nodeCatalog } from '../../../../nodes/catalog.js';
import { fieldHints, schemaAt, type WorkflowNode } from '../../../../runtime/definition/index.js';
import { ALLOWED_OPERATORS, canonicalJson, isRule, operatorOf } from '../../../../runtime/expressions/index.js';

/** One value of a node that differs between two versions. */
export interface FieldChange {
  /** Where it is in the node (`config.fields.priority`). */
  readonly path: string;
  /** As a person reads it: the field's label from the node's spec (`Rule`, `Fields › priority`). */
  readonly label: string;
  /** undefined where the field is not set (a node added or removed, a key added or removed). */
  readonly before: unknown;
  readonly after: unknown;
}

/** Parts of a node besides its config, with their labels, in the order they are listed. */
const NODE_PARTS: readonly (readonly [keyof WorkflowNode, string])[] = [
  ['name', 'Name'],
  ['type', 'Node type'],
  ['version', 'Type version'],
  ['retry', 'Retry policy'],
  ['timeoutMs', 'Timeout (ms)'],
  ['notes', 'Notes'],
  ['position', 'Position'],
];

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null) && (a === undefined) === (b === undefined);
}

/** A plain object whose keys are compared one by one (json-logic operations and arrays are compared whole). */
function isNested(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return !(isRule(value) && ALLOWED_OPERATORS.has(operatorOf(value)));
}

/** The spec's label of a top-level config field of a node, or the key itself. */
function configLabel(node: WorkflowNode, key: string): string {
  const spec = nodeCatalog.get(node.type, node.version);
  const schema = spec ? schemaAt(spec.config, [key]) : undefined;
  return (schema ? fieldHints(schema).label : undefined) ?? key;
}

function walk(path: string, label: string, before: unknown, after: unknown, into: FieldChange[]): void {
  if (same(before, after)) return;
  if (isNested(before) && isNested(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) walk(`${path}.${key}`, `${label} › ${key}`, before[key], after[key], into);
    return;
  }
  into.push({ path, label, before, after });
}

/**
 * What differs between the two forms of one node (either may be missing: added or removed),
 * field by field down to the changed key of nested settings, so a reviewer sees "Fields › priority"
 * before and after rather than the whole object.
 */
export function nodeFieldChanges(before: WorkflowNode | undefined, after: WorkflowNode | undefined): FieldChange[] {
  const changes: FieldChange[] = [];
  const either = after ?? before;
  if (!either) return changes;
  for (const [part, label] of NODE_PARTS) walk(part, label, before?.[part], after?.[part], changes);
  const beforeConfig = before?.config ?? {};
  const afterConfig = after?.config ?? {};
  const keys = [...new Set([...Object.keys(beforeConfig), ...Object.keys(afterConfig)])];
  for (const key of keys) walk(`config.${key}`, configLabel(either, key), beforeConfig[key], afterConfig[key], changes);
  return changes;
}
