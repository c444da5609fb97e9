import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from '../../runtime/definition/index.js';
import { canonicalJson } from '../../runtime/expressions/index.js';

/** A change of the template taken into the draft without a question. */
export interface AppliedChange {
  /** `node:<id>`, `<nodeId>:<field>`, `edge:<id>`, `param:<name>`, `setting:<key>` or `definition:<key>`. */
  readonly id: string;
  readonly nodeId: string | null;
  readonly nodeName: string | null;
  /** What changed: `node`, `name`, `config.<key>`, `edge`, `param`, ... */
  readonly field: string;
  readonly theirs: unknown;
}

/** A part the template and the draft both changed, differently since the clone: someone chooses. */
export interface MergeConflict extends AppliedChange {
  readonly base: unknown;
  readonly mine: unknown;
}

/** Which side a conflict takes. */
export type Resolution = 'theirs' | 'mine';

/** The outcome of a three-way merge: the draft with every clean change applied; conflicts keep the draft's value until resolved. */
export interface MergeResult {
  readonly merged: WorkflowDefinition;
  readonly applied: AppliedChange[];
  readonly conflicts: MergeConflict[];
}

/** Node parts compared one by one (config is compared key by key; positions never conflict). */
const NODE_FIELDS = ['name', 'type', 'version', 'retry', 'timeoutMs', 'notes'] as const;

/** Equal as JSON, whatever the order of keys; `undefined` only equals `undefined`. */
function same(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

/** A copy of `record` with `key` set to `value`, or without it when `value` is undefined. */
function withKey<T extends object>(record: T, key: string, value: unknown): T {
  const copy = { ...record } as Record<string, unknown>;
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy as T;
}

/** A change found by the merge, with how each side is written into the merged draft. */
interface Change extends MergeConflict {
  readonly conflict: boolean;
  readonly take: (draft: WorkflowDefinition) => WorkflowDefinition;
}

/** Items keyed by id (nodes, edges) or name (params), in order. */
function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

/** Replaces, adds (at the end) or removes the item with `id` in a list keyed by `key`. */
function put<T>(items: readonly T[], key: (item: T) => string, id: string, item: T | undefined): T[] {
  const at = items.findIndex((candidate) => key(candidate) === id);
  if (item === undefined) return items.filter((candidate) => key(candidate) !== id);
  if (at < 0) return [...items, item];
  return items.map((candidate, index) => (index === at ? item : candidate));
}

/**
 * Compares one keyed part (a whole node, an edge, a param, a setting) on the three sides: a change of
 * the template applies when the draft kept the base's value, is nothing when the draft made the same
 * change, and is a conflict otherwise.
 */
function decide(change: Omit<Change, 'conflict'>): Change | undefined {
  if (same(change.base, change.theirs) || same(change.mine, change.theirs)) return undefined;
  return { ...change, conflict: !same(change.mine, change.base) };
}

const nodeKey = (node: WorkflowNode) => node.id;
const edgeKey = (edge: WorkflowEdge) => edge.id;
const paramKey = (param: WorkflowDefinition['params'][number]) => param.name;

/** The changes of one node present on every side, field by field. */
function nodeFieldChanges(base: WorkflowNode, theirs: WorkflowNode, mine: WorkflowNode): Change[] {
  const changes: Change[] = [];
  const named = { nodeId: base.id, nodeName: mine.name };
  const setNode = (field: string, value: unknown) => (draft: WorkflowDefinition) => ({
    ...draft,
    nodes: draft.nodes.map((node) => (node.id === base.id ? withKey(node, field, value) : node)),
  });
  for (const field of NODE_FIELDS) {
    const change = decide({ id: `${base.id}:${field}`, ...named, field, base: base[field], theirs: theirs[field], mine: mine[field], take: setNode(field, theirs[field]) });
    if (change) changes.push(change);
  }
  const keys = new Set([...Object.keys(base.config), ...Object.keys(theirs.config), ...Object.keys(mine.config)]);
  for (const key of keys) {
    const take = (draft: WorkflowDefinition) => ({
      ...draft,
      nodes: draft.nodes.map((node) => (node.id === base.id ? { ...node, config: withKey(node.config, key, theirs.config[key]) } : node)),
    });
    const change = decide({ id: `${base.id}:config.${key}`, ...named, field: `config.${key}`, base: base.config[key], theirs: theirs.config[key], mine: mine.config[key], take });
    if (change) changes.push(change);
  }
  // A node the draft left where it was follows the template's layout; a moved one stays put.
  if (!same(base.position, theirs.position) && same(base.position, mine.position)) {
    changes.push({ id: `${base.id}:position`, ...named, field: 'position', base: base.position, theirs: theirs.position, mine: mine.position, conflict: false, take: setNode('position', theirs.position) });
  }
  return changes;
}

/** Every change of the template (base → theirs) measured against the draft. */
function changesOf(base: WorkflowDefinition, theirs: WorkflowDefinition, mine: WorkflowDefinition): Change[] {
  const changes: Change[] = [];
  const [baseNodes, theirNodes, myNodes] = [base, theirs, mine].map((definition) => byKey(definition.nodes, nodeKey)) as [Map<string, WorkflowNode>, Map<string, WorkflowNode>, Map<string, WorkflowNode>];
  for (const id of new Set([...baseNodes.keys(), ...theirNodes.keys()])) {
    const [b, t, m] = [baseNodes.get(id), theirNodes.get(id), myNodes.get(id)];
    if (b && t && m) {
      changes.push(...nodeFieldChanges(b, t, m));
      continue;
    }
    const change = decide({
      id: `node:${id}`,
      nodeId: id,
      nodeName: (m ?? t ?? b)?.name ?? id,
      field: 'node',
      base: b,
      theirs: t,
      mine: m,
      take: (draft) => ({ ...draft, nodes: put(draft.nodes, nodeKey, id, t) }),
    });
    if (change) changes.push(change);
  }
  const [baseEdges, theirEdges, myEdges] = [base, theirs, mine].map((definition) => byKey(definition.edges, edgeKey)) as [Map<string, WorkflowEdge>, Map<string, WorkflowEdge>, Map<string, WorkflowEdge>];
  for (const id of new Set([...baseEdges.keys(), ...theirEdges.keys()])) {
    const t = theirEdges.get(id);
    const change = decide({ id: `edge:${id}`, nodeId: null, nodeName: null, field: `edge ${id}`, base: baseEdges.get(id), theirs: t, mine: myEdges.get(id), take: (draft) => ({ ...draft, edges: put(draft.edges, edgeKey, id, t) }) });
    if (change) changes.push(change);
  }
  const [baseParams, theirParams, myParams] = [base, theirs, mine].map((definition) => byKey(definition.params, paramKey));
  for (const name of new Set([...(baseParams?.keys() ?? []), ...(theirParams?.keys() ?? [])])) {
    const t = theirParams?.get(name);
    const change = decide({ id: `param:${name}`, nodeId: null, nodeName: null, field: `param ${name}`, base: baseParams?.get(name), theirs: t, mine: myParams?.get(name), take: (draft) => ({ ...draft, params: put(draft.params, paramKey, name, t) }) });
    if (change) changes.push(change);
  }
  const settings = (definition: WorkflowDefinition) => (definition.settings ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(settings(base)), ...Object.keys(settings(theirs))])) {
    const value = settings(theirs)[key];
    const change = decide({ id: `setting:${key}`, nodeId: null, nodeName: null, field: `setting ${key}`, base: settings(base)[key], theirs: value, mine: settings(mine)[key], take: (draft) => ({ ...draft, settings: withKey(settings(draft), key, value) }) });
    if (change) changes.push(change);
  }
  for (const key of ['description'] as const) {
    const change = decide({ id: `definition:${key}`, nodeId: null, nodeName: null, field: key, base: base[key], theirs: theirs[key], mine: mine[key], take: (draft) => withKey(draft, key, theirs[key]) });
    if (change) changes.push(change);
  }
  return changes;
}

/** Without the merge's internals, as the API answers them. */
function shown({ id, nodeId, nodeName, field, base, theirs, mine }: Change): MergeConflict {
  return { id, nodeId, nodeName, field, base, theirs, mine };
}

/**
 * Merges the template's changes since the clone into the customer's draft: `base` is the template
 * version the workflow was cloned from and `theirs` the newer one (both instantiated with the
 * clone's parameters and credentials), `mine` the draft. Every change the draft did not touch is
 * applied; where both changed the same node field, config key, edge, param or setting differently,
 * a conflict keeps the draft's value until `resolutions` choose (`theirs` takes the template's).
 */
export function mergeDefinitions(base: WorkflowDefinition, theirs: WorkflowDefinition, mine: WorkflowDefinition, resolutions: Readonly<Record<string, Resolution>> = {}): MergeResult {
  const changes = changesOf(base, theirs, mine);
  let merged = structuredClone(mine);
  for (const change of changes) {
    if (!change.conflict || resolutions[change.id] === 'theirs') merged = change.take(merged);
  }
  return {
    merged,
    applied: changes.filter((change) => !change.conflict && change.field !== 'position').map(({ id, nodeId, nodeName, field, theirs: value }) => ({ id, nodeId, nodeName, field, theirs: value })),
    conflicts: changes.filter((change) => change.conflict).map(shown),
  };
}
