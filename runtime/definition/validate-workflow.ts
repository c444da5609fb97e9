import { z } from 'zod';
import { ExpressionError, checkExpression, collectVarPaths, isRule, toPlainData } from '../expressions/index.js';
import type { NodeCatalog } from './catalog.js';
import { findExpressionSites } from './config-fields.js';
import { definitionLimitProblem } from './definition-limits.js';
import { ancestorsOf, buildGraph, findCycles, reachableFrom, topologicalOrder, type WorkflowGraph } from './graph.js';
import { outputPorts, type NodeSpec } from './node-spec.js';
import type { PathSegment, ProblemCode, ValidationProblem } from './problem.js';
import {
  identifierSchema,
  workflowDefinitionSchema,
  workflowEdgeSchema,
  workflowNodeSchema,
  type WorkflowEdge,
  type WorkflowNode,
  type WorkflowParam,
} from './workflow-schema.js';

/** The definition with nodes and edges left raw, so one bad node does not hide the others' problems. */
const topLevelSchema = workflowDefinitionSchema.extend({
  nodes: z.array(z.unknown()),
  edges: z.array(z.unknown()).default([]),
});

const paramsSchema = workflowDefinitionSchema.shape.params;

/**
 * A node with an id, with its spec when the catalog knows it. A node with schema problems (say, no
 * `name`) has no parsed `node` but still exists for the edge, cycle and reachability checks, so
 * one missing field does not turn every edge to it into "a node which does not exist".
 */
interface CheckedNode {
  readonly id: string;
  readonly index: number;
  /** The node as parsed; undefined when it has schema problems (its config is then not checked). */
  readonly node: WorkflowNode | undefined;
  readonly spec: NodeSpec | undefined;
  /** Its config as saved, for the output ports a config may add (switch cases). */
  readonly config: Record<string, unknown>;
}

/**
 * Checks a workflow definition completely and returns every problem at once, each with a JSON
 * path, the node or edge id where there is one, and a readable message: the format, unknown node
 * types and versions, configs against their node's schema, every expression, duplicate ids,
 * dangling edges, unknown ports, cycles, a missing trigger and nodes no trigger reaches. The same
 * module serves the designer (live), the server (on save and submit) and the runtime (before a run).
 */
export function validateWorkflow(definition: unknown, catalog: NodeCatalog): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const report = (code: ProblemCode, path: PathSegment[], message: string, ids: { nodeId?: string; edgeId?: string } = {}) =>
    problems.push({ code, path, message, ...ids });

  const overLimit = definitionLimitProblem(definition);
  if (overLimit) {
    problems.push(overLimit);
    return problems;
  }
  const notData = plainDataProblem(definition);
  if (notData) {
    report('schema', notData.path, notData.message);
    return problems;
  }
  const top = topLevelSchema.safeParse(definition);
  if (!top.success) {
    for (const issue of top.error.issues) report('schema', issue.path as PathSegment[], issueMessage(issue));
    if (!isObject(definition) || !Array.isArray(definition.nodes)) return problems;
  }
  const raw = definition as { nodes: unknown[]; edges?: unknown; params?: unknown };
  const params = top.success ? top.data.params : (paramsSchema.safeParse(raw.params).data ?? []);
  checkParams(params, report);

  const nodes = checkNodes(raw.nodes, catalog, report);
  const edges = checkEdges(Array.isArray(raw.edges) ? raw.edges : [], nodes, report);
  const graph = buildGraph(nodes, edges);
  checkGraph(graph, nodes, nodes.length === raw.nodes.length, report);
  checkExpressions(nodes, graph, new Set(params.map((param) => param.name)), report);
  if (top.success) checkBusinessKey(top.data.settings.businessKey, new Set(params.map((param) => param.name)), report);
  return problems;
}

type Report = (code: ProblemCode, path: PathSegment[], message: string, ids?: { nodeId?: string; edgeId?: string }) => void;

function checkParams(params: readonly WorkflowParam[], report: Report): void {
  const seen = new Set<string>();
  params.forEach((param, index) => {
    if (seen.has(param.name)) report('duplicate-id', ['params', index, 'name'], `param "${param.name}" is declared twice`);
    seen.add(param.name);
    if (param.default !== undefined && !matchesParamType(param.type, param.default)) {
      report('schema', ['params', index, 'default'], `the default of param "${param.name}" is not a ${param.type}`);
    }
    if (param.enum) {
      const wrong = param.enum.findIndex((choice) => !matchesParamType(param.type, choice));
      if (wrong >= 0) report('schema', ['params', index, 'enum', wrong], `the choices of param "${param.name}" must be ${param.type}s`);
      else if (param.default !== undefined && !param.enum.includes(param.default as string | number)) {
        report('schema', ['params', index, 'default'], `the default of param "${param.name}" is not one of its choices`);
      }
    }
  });
}

function matchesParamType(type: WorkflowParam['type'], value: unknown): boolean {
  return type === 'json' || typeof value === type;
}

function checkNodes(rawNodes: readonly unknown[], catalog: NodeCatalog, report: Report): CheckedNode[] {
  const checked: CheckedNode[] = [];
  const seen = new Set<string>();
  rawNodes.forEach((raw, index) => {
    const object = isObject(raw) ? raw : undefined;
    const rawId = typeof object?.id === 'string' ? object.id : undefined;
    const parsed = workflowNodeSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        report('schema', ['nodes', index, ...(issue.path as PathSegment[])], issueMessage(issue), idOf(rawId, 'nodeId'));
      }
    }
    // Only an id that edges could name lets a node take part in the graph.
    if (object === undefined || rawId === undefined || !identifierSchema.safeParse(rawId).success) return;
    if (seen.has(rawId)) {
      report('duplicate-id', ['nodes', index, 'id'], `another node already has the id "${rawId}"`, { nodeId: rawId });
      return;
    }
    seen.add(rawId);
    if (!parsed.success) {
      checked.push({ id: rawId, index, node: undefined, spec: knownSpec(object, catalog), config: rawConfig(object) });
      return;
    }
    const node = parsed.data;
    const spec = catalog.get(node.type, node.version);
    if (!spec) {
      const latest = catalog.latest(node.type);
      const message = latest
        ? `node type "${node.type}" has no version ${node.version} (newest is ${latest.version})`
        : `unknown node type "${node.type}"`;
      report('unknown-node-type', ['nodes', index, latest ? 'version' : 'type'], message, { nodeId: node.id });
    } else {
      checkConfig(node, index, spec, report);
    }
    checked.push({ id: node.id, index, node, spec, config: node.config });
  });
  return checked;
}

/** The spec of a node that did not parse, when its type and version still name one (for its ports). */
function knownSpec(raw: Record<string, unknown>, catalog: NodeCatalog): NodeSpec | undefined {
  return typeof raw.type === 'string' && typeof raw.version === 'number' ? catalog.get(raw.type, raw.version) : undefined;
}

function rawConfig(raw: Record<string, unknown>): Record<string, unknown> {
  return isObject(raw.config) ? raw.config : {};
}

/** Config against the spec's schema; issues inside a json-logic rule are left to the expression check. */
function checkConfig(node: WorkflowNode, index: number, spec: NodeSpec, report: Report): void {
  const result = spec.config.safeParse(node.config);
  if (result.success) return;
  const dynamic = findExpressionSites(spec.config, node.config)
    .filter((site) => isRule(site.value))
    .map((site) => site.path);
  for (const issue of result.error.issues) {
    const path = issue.path as PathSegment[];
    if (dynamic.some((prefix) => startsWith(path, prefix))) continue;
    const missing = valueAt(node.config, path) === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union');
    report('config', ['nodes', index, 'config', ...path], missing ? 'is required' : issueMessage(issue), { nodeId: node.id });
  }
}

function checkEdges(rawEdges: readonly unknown[], nodes: readonly CheckedNode[], report: Report): WorkflowEdge[] {
  const byId = new Map(nodes.map((checked) => [checked.id, checked]));
  const edges: WorkflowEdge[] = [];
  const seenIds = new Set<string>();
  const seenConnections = new Set<string>();
  rawEdges.forEach((raw, index) => {
    const rawId = isObject(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    const parsed = workflowEdgeSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        report('schema', ['edges', index, ...(issue.path as PathSegment[])], issueMessage(issue), idOf(rawId, 'edgeId'));
      }
      return;
    }
    const edge = parsed.data;
    const ids = { edgeId: edge.id };
    if (seenIds.has(edge.id)) {
      report('duplicate-id', ['edges', index, 'id'], `another edge already has the id "${edge.id}"`, ids);
      return;
    }
    seenIds.add(edge.id);
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source) report('dangling-edge', ['edges', index, 'source'], `edge starts at node "${edge.source}", which does not exist`, ids);
    if (!target) report('dangling-edge', ['edges', index, 'target'], `edge ends at node "${edge.target}", which does not exist`, ids);
    if (!source || !target) return;
    const connection = `${edge.source}\u0000${edge.sourcePort}\u0000${edge.target}\u0000${edge.targetPort}`;
    if (seenConnections.has(connection)) {
      report('duplicate-edge', ['edges', index], `"${edge.source}" ${edge.sourcePort} is already connected to "${edge.target}" ${edge.targetPort}`, ids);
      return;
    }
    seenConnections.add(connection);
    let portsKnown = true;
    if (source.spec) {
      const ports = outputPorts(source.spec, source.config).map((port) => port.name);
      if (!ports.includes(edge.sourcePort)) {
        portsKnown = false;
        report('unknown-port', ['edges', index, 'sourcePort'], `node "${edge.source}" has no output port "${edge.sourcePort}" (it has ${listOrNone(ports)})`, ids);
      }
    }
    if (target.spec) {
      const ports = target.spec.ports.inputs.map((port) => port.name);
      if (!ports.includes(edge.targetPort)) {
        portsKnown = false;
        report('unknown-port', ['edges', index, 'targetPort'], `node "${edge.target}" has no input port "${edge.targetPort}" (it has ${listOrNone(ports)})`, ids);
      }
    }
    if (portsKnown) edges.push(edge);
  });
  return edges;
}

function checkGraph(graph: WorkflowGraph, nodes: readonly CheckedNode[], allKnown: boolean, report: Report): void {
  const indexOf = new Map(nodes.map((checked) => [checked.id, checked.index]));
  const { cyclic } = topologicalOrder(graph);
  for (const cycle of findCycles(graph, cyclic)) {
    const first = cycle.nodeIds[0] as string;
    const loop = [...cycle.nodeIds, first].map((id) => `"${id}"`).join(' → ');
    report('cycle', ['nodes', indexOf.get(first) ?? 0], `the workflow loops: ${loop}; use flow.forEach for repetition`, {
      nodeId: first,
      edgeId: cycle.closingEdge.id,
    });
  }
  const triggers = nodes.filter((checked) => checked.spec?.category === 'trigger').map((checked) => checked.id);
  if (triggers.length === 0) {
    // A node with schema problems or an unknown type may be the trigger; say nothing of it then.
    if (allKnown && nodes.every((checked) => checked.node && checked.spec)) report('no-trigger', ['nodes'], 'the workflow has no trigger node, so it can never start');
    return;
  }
  const reached = reachableFrom(graph, triggers);
  for (const checked of nodes) {
    if (reached.has(checked.id)) continue;
    report('unreachable', ['nodes', checked.index], `node "${checked.id}" is not connected to any trigger, so it never runs`, {
      nodeId: checked.id,
    });
  }
}

/** Every expression is checked as json-logic, and its literal references to nodes and params resolved. */
function checkExpressions(nodes: readonly CheckedNode[], graph: WorkflowGraph, params: ReadonlySet<string>, report: Report): void {
  for (const { node, index, spec } of nodes) {
    if (!node || !spec) continue;
    let upstream: Set<string> | undefined;
    for (const site of findExpressionSites(spec.config, node.config)) {
      const at: PathSegment[] = ['nodes', index, 'config', ...site.path];
      const ids = { nodeId: node.id };
      for (const problem of checkExpression(site.value)) report('expression', [...at, ...problem.path], problem.message, ids);
      for (const dataPath of collectVarPaths(site.value)) {
        const [scope, name] = dataPath.split('.');
        if (scope === 'params' && name !== undefined && !params.has(name)) {
          report('expression', at, `"${dataPath}" refers to param "${name}", which is not declared`, ids);
        } else if (scope === 'nodes' && name !== undefined) {
          upstream ??= ancestorsOf(graph, node.id);
          if (!graph.nodes.has(name)) report('expression', at, `"${dataPath}" refers to node "${name}", which does not exist`, ids);
          else if (!upstream.has(name)) {
            report('expression', at, `"${dataPath}" refers to node "${name}", which does not run before this node`, ids);
          }
        }
      }
    }
  }
}

/** The business key is json-logic over what a run starts with: its input, params and run (no node has run yet). */
function checkBusinessKey(rule: unknown, params: ReadonlySet<string>, report: Report): void {
  if (rule === undefined) return;
  const at: PathSegment[] = ['settings', 'businessKey'];
  for (const problem of checkExpression(rule)) report('expression', [...at, ...problem.path], problem.message);
  for (const dataPath of collectVarPaths(rule)) {
    const [scope, name] = dataPath.split('.');
    if (scope === 'params' && name !== undefined && !params.has(name)) report('expression', at, `"${dataPath}" refers to param "${name}", which is not declared`);
    else if (scope !== 'input' && scope !== 'params') report('expression', at, `"${dataPath}": the business key is set when the run starts, from its input and params only`);
  }
}

/**
 * Whether the document is plain JSON data. Checked first because zod silently drops `__proto__`
 * keys from records, and a definition must never carry values JSON cannot.
 */
function plainDataProblem(definition: unknown): { path: PathSegment[]; message: string } | undefined {
  try {
    toPlainData(definition, 'the definition');
    return undefined;
  } catch (error) {
    if (error instanceof ExpressionError) return { path: [...error.path], message: error.message };
    throw error;
  }
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return `is required (${issue.expected})`;
  return issue.message;
}

/** The value at a path inside a config, or undefined when any step is missing. */
function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function startsWith(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return prefix.every((segment, index) => path[index] === segment);
}

function listOrNone(ports: readonly string[]): string {
  return ports.length === 0 ? 'none' : ports.map((port) => `"${port}"`).join(', ');
}

function idOf(id: string | undefined, key: 'nodeId' | 'edgeId'): { nodeId?: string; edgeId?: string } {
  return id === undefined ? {} : { [key]: id };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
