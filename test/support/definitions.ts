import type { WorkflowDefinition } from '../../runtime/definition/index.js';

export type NodeInput = { id: string; type: string; config?: Record<string, unknown>; version?: number; name?: string } & Partial<
  WorkflowDefinition['nodes'][number]
>;

/** A schemaVersion 1 definition from short node and edge lists; positions are laid out left to right. */
export function workflow(
  nodes: readonly NodeInput[],
  edges: readonly (readonly [string, string, string, string?])[],
  extra: Partial<WorkflowDefinition> = {},
): WorkflowDefinition {
  return {
    schemaVersion: 1,
    name: 'Test workflow',
    params: [],
    settings: {},
    ...extra,
    nodes: nodes.map((node, index) => ({
      version: 1,
      name: node.id,
      position: { x: index * 240, y: 0 },
      config: {},
      ...node,
    })),
    edges: edges.map(([source, sourcePort, target, targetPort], index) => ({
      id: `e${index + 1}`,
      source,
      sourcePort,
      target,
      targetPort: targetPort ?? 'in',
    })),
  };
}
