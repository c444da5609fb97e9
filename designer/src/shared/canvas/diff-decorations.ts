import type { WorkflowDiff } from '../../../../runtime/definition/index.js';
import type { NodeDecoration } from '../../editor/store/view-slice.js';

/**
 * The marks a comparison paints on each side's canvas: on the earlier definition the nodes removed
 * and changed, on the later one the nodes added and changed.
 */
export function diffDecorations(diff: WorkflowDiff): { before: ReadonlyMap<string, NodeDecoration>; after: ReadonlyMap<string, NodeDecoration> } {
  const before = new Map<string, NodeDecoration>();
  const after = new Map<string, NodeDecoration>();
  for (const node of diff.nodes.removed) before.set(node.id, { change: 'removed' });
  for (const node of diff.nodes.added) after.set(node.id, { change: 'added' });
  for (const node of diff.nodes.changed) {
    before.set(node.id, { change: 'changed' });
    after.set(node.id, { change: 'changed' });
  }
  return { before, after };
}
