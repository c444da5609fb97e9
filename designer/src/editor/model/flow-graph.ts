import type { Edge, Node } from '@xyflow/react';
import type { JsonValue, RetryPolicy, WorkflowDefinition, WorkflowEdge, WorkflowNode } from '../../../../runtime/definition/index.js';

/** What a canvas node carries: everything of the workflow node except its id and position. */
export interface WorkflowNodeData extends Record<string, unknown> {
  readonly type: string;
  readonly version: number;
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  readonly notes?: string;
}

/** A node on the canvas (React Flow's node type `workflow`). */
export type FlowNode = Node<WorkflowNodeData, 'workflow'>;

/** An edge on the canvas; its handles are the ports. */
export type FlowEdge = Edge & { readonly sourceHandle: string; readonly targetHandle: string };

/** The parts of a definition that are not nodes and edges. */
export type DefinitionMeta = Pick<WorkflowDefinition, 'name' | 'description' | 'params' | 'settings'>;

/**
 * A definition as canvas nodes and edges: one to one, keyed by the same ids, so what the canvas
 * shows is what is saved. Tolerant of drafts that do not validate yet (missing fields get defaults).
 */
export function toFlow(definition: Record<string, unknown>): { meta: DefinitionMeta; nodes: FlowNode[]; edges: FlowEdge[] } {
  const raw = definition as Partial<WorkflowDefinition>;
  const nodes: FlowNode[] = (raw.nodes ?? []).map((node: WorkflowNode) => ({
    id: node.id,
    type: 'workflow',
    position: { x: node.position?.x ?? 0, y: node.position?.y ?? 0 },
    data: {
      type: node.type,
      version: node.version,
      name: node.name,
      config: node.config ?? {},
      ...(node.retry ? { retry: node.retry } : {}),
      ...(node.timeoutMs !== undefined ? { timeoutMs: node.timeoutMs } : {}),
      ...(node.notes !== undefined ? { notes: node.notes } : {}),
    },
  }));
  const edges: FlowEdge[] = (raw.edges ?? []).map((edge: WorkflowEdge) => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    sourceHandle: edge.sourcePort,
    targetHandle: edge.targetPort,
  }));
  return {
    meta: { name: raw.name ?? 'Untitled', description: raw.description ?? '', params: raw.params ?? [], settings: raw.settings ?? {} },
    nodes,
    edges,
  };
}

/** Canvas state back to a `schemaVersion: 1` definition (positions rounded to whole pixels). */
export function toDefinition(meta: DefinitionMeta, nodes: readonly FlowNode[], edges: readonly FlowEdge[]): WorkflowDefinition {
  return {
    schemaVersion: 1,
    name: meta.name,
    ...(meta.description ? { description: meta.description } : {}),
    params: meta.params,
    settings: meta.settings,
    nodes: nodes.map((node) => ({
      id: node.id,
      type: node.data.type,
      version: node.data.version,
      name: node.data.name,
      position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
      config: node.data.config as Record<string, JsonValue>,
      ...(node.data.retry ? { retry: node.data.retry } : {}),
      ...(node.data.timeoutMs !== undefined ? { timeoutMs: node.data.timeoutMs } : {}),
      ...(node.data.notes !== undefined ? { notes: node.data.notes } : {}),
    })),
    edges: edges.map((edge) => ({ id: edge.id, source: edge.source, sourcePort: edge.sourceHandle, target: edge.target, targetPort: edge.targetHandle })),
  };
}

/** A new id from a base (`condition`, `condition_2`, ...) not already used. */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^[^A-Za-z_]/, '_$&').slice(0, 56) || 'node';
  if (!taken.has(clean)) return clean;
  for (let index = 2; ; index++) {
    const candidate = `${clean}_${index}`;
    if (!taken.has(candidate)) return candidate;
  }
}
