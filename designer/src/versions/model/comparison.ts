import { diffWorkflows, type WorkflowDefinition, type WorkflowDiff, type WorkflowEdge } from '../../../../runtime/definition/index.js';
import type { EdgeDecoration, NodeDecoration } from '../../editor/store/view-slice.js';
import { diffDecorations } from '../../shared/canvas/diff-decorations.js';

/** The id a changed edge's earlier form gets on the merged canvas (its own id belongs to its later form). */
export const EARLIER_EDGE_SUFFIX = '~before';

/** How many things a comparison found, by kind. */
export interface ComparisonCounts {
  readonly nodesAdded: number;
  readonly nodesRemoved: number;
  /** Nodes whose settings, name, type, retry policy, timeout or notes changed. */
  readonly nodesChanged: number;
  /** Nodes that only moved on the canvas: a change of layout, not of behaviour. */
  readonly nodesMoved: number;
  /** Connections added, removed or re-attached. */
  readonly edgesChanged: number;
  /** Workflow-level parts that changed (`name`, `description`, `params`, `settings`). */
  readonly workflow: readonly string[];
}

/** Two definitions compared, and both drawn in one layout. */
export interface Comparison {
  readonly diff: WorkflowDiff;
  /**
   * The later definition plus what it lost from the earlier one: removed nodes where they were, and
   * removed (or re-attached) connections as they were, so one canvas shows both.
   */
  readonly merged: WorkflowDefinition;
  readonly nodeMarks: ReadonlyMap<string, NodeDecoration>;
  readonly edgeMarks: ReadonlyMap<string, EdgeDecoration>;
  readonly counts: ComparisonCounts;
  /** "2 nodes added, 1 removed, 3 changed, 4 edges changed". */
  readonly summary: string;
}

const ADDED: EdgeDecoration = { change: 'added' };
const REMOVED: EdgeDecoration = { change: 'removed' };

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The summary line of a comparison. */
export function comparisonSummary(counts: ComparisonCounts): string {
  const parts = [
    `${plural(counts.nodesAdded, 'node', 'nodes')} added`,
    `${counts.nodesRemoved} removed`,
    `${counts.nodesChanged} changed`,
    `${plural(counts.edgesChanged, 'edge', 'edges')} changed`,
  ];
  if (counts.nodesMoved > 0) parts.push(`${counts.nodesMoved} moved`);
  const workflow = counts.workflow.length > 0 ? `; workflow ${counts.workflow.join(', ')} changed` : '';
  return `${parts.join(', ')}${workflow}`;
}

/**
 * Compares `before` with `after` (ids, never names) and lays both out on one canvas: nodes added
 * and connections added are marked added, removed ones stay as ghosts marked removed, nodes whose
 * behaviour changed are marked changed (a node that only moved is not). A re-attached connection
 * shows as its new form (added) and its old form (removed). Linear in the size of both.
 */
export function compareDefinitions(before: WorkflowDefinition, after: WorkflowDefinition): Comparison {
  const diff = diffWorkflows(before, after);
  const behaviour = diff.nodes.changed.filter((change) => !change.fields.every((field) => field === 'position'));
  // Both sides' marks on one canvas: removed (ghosts) from the earlier side, added and changed from the later.
  const sides = diffDecorations({ ...diff, nodes: { ...diff.nodes, changed: behaviour } });
  const nodeMarks = new Map<string, NodeDecoration>([...sides.before, ...sides.after]);
  const edgeMarks = new Map<string, EdgeDecoration>();
  const removedIds = new Set(diff.nodes.removed.map((node) => node.id));
  const earlierEdges: WorkflowEdge[] = [];
  for (const edge of diff.edges.added) edgeMarks.set(edge.id, ADDED);
  for (const edge of diff.edges.removed) {
    edgeMarks.set(edge.id, REMOVED);
    earlierEdges.push(edge);
  }
  for (const change of diff.edges.changed) {
    edgeMarks.set(change.id, ADDED);
    const id = `${change.id}${EARLIER_EDGE_SUFFIX}`;
    edgeMarks.set(id, REMOVED);
    earlierEdges.push({ ...change.before, id });
  }
  const merged: WorkflowDefinition = {
    ...after,
    nodes: [...after.nodes, ...before.nodes.filter((node) => removedIds.has(node.id))],
    edges: [...after.edges, ...earlierEdges],
  };
  const counts: ComparisonCounts = {
    nodesAdded: diff.nodes.added.length,
    nodesRemoved: diff.nodes.removed.length,
    nodesChanged: behaviour.length,
    nodesMoved: diff.nodes.changed.length - behaviour.length,
    edgesChanged: diff.edges.added.length + diff.edges.removed.length + diff.edges.changed.length,
    workflow: diff.definition,
  };
  return { diff, merged, nodeMarks, edgeMarks, counts, summary: comparisonSummary(counts) };
}
