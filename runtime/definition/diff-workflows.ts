import { canonicalJson } from '../expressions/index.js';
import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from './workflow-schema.js';

/** What changed about a node that exists in both versions. */
export interface NodeChange {
  readonly id: string;
  readonly name: string;
  /** Which parts changed: `config`, `name`, `type`, `version`, `position`, `retry`, `timeoutMs`, `notes`. */
  readonly fields: readonly string[];
  /** Top-level config keys whose value changed (added, removed or different). */
  readonly configKeys: readonly string[];
}

/** A node-level comparison of two definitions, as the version history shows it. */
export interface WorkflowDiff {
  readonly nodes: {
    readonly added: readonly Pick<WorkflowNode, 'id' | 'type' | 'name'>[];
    readonly removed: readonly Pick<WorkflowNode, 'id' | 'type' | 'name'>[];
    readonly changed: readonly NodeChange[];
  };
  readonly edges: {
    readonly added: readonly WorkflowEdge[];
    readonly removed: readonly WorkflowEdge[];
    /** Edges with the same id whose ends or ports moved. */
    readonly changed: readonly { readonly id: string; readonly before: WorkflowEdge; readonly after: WorkflowEdge }[];
  };
  /** Other top-level parts that differ: `name`, `description`, `params`, `settings`. */
  readonly definition: readonly string[];
}

const NODE_FIELDS = ['name', 'type', 'version', 'position', 'retry', 'timeoutMs', 'notes'] as const;

/**
 * Equal as JSON, whatever the order of keys. Canonical JSON is written without recursion, so
 * comparing drafts the designer holds (which nothing has checked yet) never overflows the stack.
 */
function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function summary(node: WorkflowNode): Pick<WorkflowNode, 'id' | 'type' | 'name'> {
  return { id: node.id, type: node.type, name: node.name };
}

/** Compares two definitions node by node and edge by edge (keyed by id, never by name). */
export function diffWorkflows(before: WorkflowDefinition, after: WorkflowDefinition): WorkflowDiff {
  const beforeNodes = new Map(before.nodes.map((node) => [node.id, node]));
  const afterNodes = new Map(after.nodes.map((node) => [node.id, node]));
  const changed: NodeChange[] = [];
  for (const node of after.nodes) {
    const old = beforeNodes.get(node.id);
    if (!old) continue;
    const fields: string[] = NODE_FIELDS.filter((field) => !same(old[field], node[field]));
    const keys = new Set([...Object.keys(old.config), ...Object.keys(node.config)]);
    const configKeys = [...keys].filter((key) => !same(old.config[key], node.config[key])).sort();
    if (configKeys.length > 0) fields.unshift('config');
    if (fields.length > 0) changed.push({ id: node.id, name: node.name, fields, configKeys });
  }
  const beforeEdges = new Map(before.edges.map((edge) => [edge.id, edge]));
  const afterEdges = new Map(after.edges.map((edge) => [edge.id, edge]));
  return {
    nodes: {
      added: after.nodes.filter((node) => !beforeNodes.has(node.id)).map(summary),
      removed: before.nodes.filter((node) => !afterNodes.has(node.id)).map(summary),
      changed,
    },
    edges: {
      added: after.edges.filter((edge) => !beforeEdges.has(edge.id)),
      removed: before.edges.filter((edge) => !afterEdges.has(edge.id)),
      changed: after.edges
        .filter((edge) => beforeEdges.has(edge.id) && !same(beforeEdges.get(edge.id), edge))
        .map((edge) => ({ id: edge.id, before: beforeEdges.get(edge.id) as WorkflowEdge, after: edge })),
    },
    definition: (['name', 'description', 'params', 'settings'] as const).filter((key) => !same(before[key], after[key])),
  };
}
