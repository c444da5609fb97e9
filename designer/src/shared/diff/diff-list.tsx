import type { WorkflowDiff, WorkflowEdge } from '../../../../runtime/definition/index.js';
import './diff-list.css';

const FIELD_LABELS: Record<string, string> = {
  config: 'settings',
  name: 'name',
  type: 'type',
  version: 'type version',
  position: 'position',
  retry: 'retry policy',
  timeoutMs: 'timeout',
  notes: 'notes',
};

function edgeText(edge: WorkflowEdge, nameOf: (id: string) => string): string {
  return `${nameOf(edge.source)} (${edge.sourcePort}) → ${nameOf(edge.target)} (${edge.targetPort})`;
}

/** Whether a diff found nothing. */
function isEmptyDiff(diff: WorkflowDiff): boolean {
  return (
    diff.nodes.added.length + diff.nodes.removed.length + diff.nodes.changed.length + diff.edges.added.length + diff.edges.removed.length + diff.edges.changed.length + diff.definition.length ===
    0
  );
}

/** A node-level diff as a list a person reads: nodes added, removed and changed, connections, workflow settings. */
export function DiffList({ diff, nameOf, label }: { diff: WorkflowDiff; nameOf: (id: string) => string; label: string }) {
  if (isEmptyDiff(diff)) return <p className="muted diff-empty">No changes.</p>;
  return (
    <ul className="diff-list" aria-label={label}>
      {diff.nodes.added.map((node) => (
        <li key={`n+${node.id}`} className="diff-added">
          <span className="diff-mark">+</span> node <strong>{node.name}</strong> <span className="muted">({node.type})</span> added
        </li>
      ))}
      {diff.nodes.removed.map((node) => (
        <li key={`n-${node.id}`} className="diff-removed">
          <span className="diff-mark">−</span> node <strong>{node.name}</strong> <span className="muted">({node.type})</span> removed
        </li>
      ))}
      {diff.nodes.changed.map((change) => (
        <li key={`n~${change.id}`} className="diff-changed">
          <span className="diff-mark">~</span> node <strong>{change.name}</strong>:{' '}
          {change.fields.map((field) => (field === 'config' && change.configKeys.length > 0 ? `settings (${change.configKeys.join(', ')})` : FIELD_LABELS[field] ?? field)).join(', ')} changed
        </li>
      ))}
      {diff.edges.added.map((edge) => (
        <li key={`e+${edge.id}`} className="diff-added">
          <span className="diff-mark">+</span> connection {edgeText(edge, nameOf)}
        </li>
      ))}
      {diff.edges.removed.map((edge) => (
        <li key={`e-${edge.id}`} className="diff-removed">
          <span className="diff-mark">−</span> connection {edgeText(edge, nameOf)}
        </li>
      ))}
      {diff.edges.changed.map((change) => (
        <li key={`e~${change.id}`} className="diff-changed">
          <span className="diff-mark">~</span> connection {edgeText(change.before, nameOf)} now {edgeText(change.after, nameOf)}
        </li>
      ))}
      {diff.definition.map((part) => (
        <li key={`d~${part}`} className="diff-changed">
          <span className="diff-mark">~</span> workflow {part} changed
        </li>
      ))}
    </ul>
  );
}
