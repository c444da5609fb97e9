import type { Problem } from '../../app/api-types.js';

/** Problems under one heading of the panel: a node's, the connections', or the workflow's. */
export interface ProblemGroup {
  readonly key: string;
  readonly title: string;
  /** The node's id, for a node's group. */
  readonly nodeId?: string;
  readonly problems: readonly Problem[];
}

/**
 * Groups problems by node (in the order the validator reports them, which follows the nodes),
 * then connections, then the workflow as a whole. `names` maps node ids to their names.
 */
export function groupProblems(problems: readonly Problem[], names: ReadonlyMap<string, string>): ProblemGroup[] {
  const byNode = new Map<string, Problem[]>();
  const edges: Problem[] = [];
  const workflow: Problem[] = [];
  for (const problem of problems) {
    if (problem.edgeId !== undefined) edges.push(problem);
    else if (problem.nodeId !== undefined) byNode.set(problem.nodeId, [...(byNode.get(problem.nodeId) ?? []), problem]);
    else workflow.push(problem);
  }
  const groups: ProblemGroup[] = [...byNode].map(([nodeId, list]) => ({ key: `node:${nodeId}`, title: names.get(nodeId) ?? nodeId, nodeId, problems: list }));
  if (edges.length > 0) groups.push({ key: 'edges', title: 'Connections', problems: edges });
  if (workflow.length > 0) groups.push({ key: 'workflow', title: 'Workflow', problems: workflow });
  return groups;
}
