import { forbiddenSegment } from '../../../../runtime/expressions/index.js';
import type { RunDetail } from '../../app/api-types.js';

/** A data path an expression can read, offered for completion. */
export interface PathCandidate {
  /** The dotted path, as `var` takes it: `input.total`, `nodes.fetch.body.items.0.sku`. */
  readonly path: string;
  /** What it is: "number from the last test run", "param (number)", "upstream node". */
  readonly detail: string;
  /** A short JSON rendering of the value seen in the last test run. */
  readonly sample?: string;
}

/** What the candidates for one node's expressions are computed from. */
export interface CompletionScope {
  /** The node whose config holds the expression. */
  readonly nodeId: string;
  readonly edges: readonly { readonly source: string; readonly target: string }[];
  readonly params: readonly { readonly name: string; readonly type: string }[];
  /** The last test run, if any. */
  readonly run: Pick<RunDetail, 'steps'> | null;
  /** JSON Schemas of nodes' outputs where known before a run (an imported API operation's answer), by node id. */
  readonly outputSchemas?: ReadonlyMap<string, unknown>;
}

/** How deep into run data paths are offered, and how many per root, so huge outputs stay cheap. */
const MAX_DEPTH = 5;
const MAX_PER_ROOT = 200;

/** Fields of the `run` object every expression can read (see the engine's run snapshot). */
const RUN_FIELDS: readonly [string, string][] = [
  ['run.id', 'run id'],
  ['run.workflowId', 'workflow id'],
  ['run.workflowVersion', 'version running'],
  ['run.startedAt', 'ISO 8601 time the run started'],
  ['run.input', 'the run input'],
  ['run.initiatedBy', 'user who started the run'],
  ['run.trigger.type', 'how the run started'],
  ['run.trigger.method', 'webhook: HTTP method'],
  ['run.trigger.query', 'webhook: query parameters'],
  ['run.trigger.headers', 'webhook: selected request headers'],
  ['run.trigger.receivedAt', 'webhook: when the request arrived'],
];

/**
 * The data paths an expression of `scope.nodeId` can read: `input.*` (the node's input),
 * `nodes.<id>.*` for the nodes that run before it (upstream along edges), `params.*` and `run.*`.
 * Where the last test run reached a node, the paths inside its input and outputs are listed with
 * sample values; otherwise the roots (node ids, declared params) are.
 */
export function dataPathCandidates(scope: CompletionScope): PathCandidate[] {
  const steps = lastSteps(scope.run);
  const candidates: PathCandidate[] = [];
  const own = steps.get(scope.nodeId);
  candidates.push(...valuePaths('input', own ? own.input : undefined, "this node's input"));
  for (const id of upstreamOf(scope.nodeId, scope.edges)) {
    const step = steps.get(id);
    const schema = scope.outputSchemas?.get(id);
    if (!step && schema !== undefined) candidates.push(...schemaPaths(`nodes.${id}`, schema));
    else candidates.push(...valuePaths(`nodes.${id}`, step ? step.output : undefined, 'output of an upstream node'));
  }
  for (const param of scope.params) candidates.push({ path: `params.${param.name}`, detail: `param (${param.type})` });
  for (const [path, detail] of RUN_FIELDS) candidates.push({ path, detail });
  return candidates;
}

/** The ids of the nodes with a path of edges to `nodeId`, nearest first. */
export function upstreamOf(nodeId: string, edges: CompletionScope['edges']): string[] {
  const incoming = new Map<string, string[]>();
  for (const edge of edges) incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge.source]);
  const seen = new Set<string>([nodeId]);
  const order: string[] = [];
  const queue = [nodeId];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    for (const source of incoming.get(current) ?? []) {
      if (seen.has(source)) continue;
      seen.add(source);
      order.push(source);
      queue.push(source);
    }
  }
  return order;
}

/** The last recorded step of each node (iterations of a forEach repeat a node; the last one wins). */
function lastSteps(run: CompletionScope['run']): Map<string, RunDetail['steps'][number]> {
  const steps = new Map<string, RunDetail['steps'][number]>();
  for (const step of run?.steps ?? []) steps.set(step.nodeId, step);
  return steps;
}

/** The root path and the paths inside a sample value (objects by key, arrays by their first item). */
function valuePaths(root: string, value: unknown, what: string): PathCandidate[] {
  if (value === undefined) return [{ path: root, detail: what }];
  const candidates: PathCandidate[] = [];
  const visit = (path: string, current: unknown, depth: number) => {
    if (candidates.length >= MAX_PER_ROOT) return;
    candidates.push({ path, detail: `${kindOf(current)} in the last test run`, sample: sample(current) });
    if (depth >= MAX_DEPTH) return;
    if (Array.isArray(current)) {
      if (current.length > 0) visit(`${path}.0`, current[0], depth + 1);
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, child] of Object.entries(current)) {
        if (key === '' || key.includes('.') || forbiddenSegment(key) !== undefined) continue;
        visit(`${path}.${key}`, child, depth + 1);
      }
    }
  };
  visit(root, value, 0);
  return candidates;
}

/** The root path and the paths a JSON Schema describes (object properties, arrays by their first item). */
export function schemaPaths(root: string, schema: unknown): PathCandidate[] {
  const candidates: PathCandidate[] = [];
  const visit = (path: string, current: unknown, depth: number) => {
    if (candidates.length >= MAX_PER_ROOT || typeof current !== 'object' || current === null) return;
    const node = current as Record<string, unknown>;
    const type = Array.isArray(node.type) ? node.type.filter((entry) => entry !== 'null').join(' or ') : typeof node.type === 'string' ? node.type : 'value';
    const description = typeof node.description === 'string' ? `: ${node.description.slice(0, 80)}` : '';
    candidates.push({ path, detail: `${type} in the API's answer${description}` });
    if (depth >= MAX_DEPTH) return;
    if (node.items !== undefined) visit(`${path}.0`, node.items, depth + 1);
    const properties = typeof node.properties === 'object' && node.properties !== null ? (node.properties as Record<string, unknown>) : {};
    for (const [key, child] of Object.entries(properties)) {
      if (key === '' || key.includes('.') || forbiddenSegment(key) !== undefined) continue;
      visit(`${path}.${key}`, child, depth + 1);
    }
  };
  visit(root, schema, 0);
  return candidates.length > 0 ? candidates : [{ path: root, detail: 'output of an upstream node' }];
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `list of ${value.length}`;
  return typeof value === 'object' ? 'object' : typeof value;
}

function sample(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
