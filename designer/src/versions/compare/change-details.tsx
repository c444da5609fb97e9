import { useMemo } from 'react';
import type { WorkflowDefinition, WorkflowNode } from '../../../../runtime/definition/index.js';
import { expressionText } from '../../shared/diff/expression-text.js';
import type { Comparison } from '../model/comparison.js';
import { nodeFieldChanges } from '../model/field-changes.js';

const KIND_WORDS = { added: 'added', removed: 'removed', changed: 'changed' } as const;

/** A node's changes field by field: each changed field with its value before and after, expressions written out. */
function NodeChanges({ before, after }: { before: WorkflowNode | undefined; after: WorkflowNode | undefined }) {
  const changes = useMemo(() => nodeFieldChanges(before, after), [before, after]);
  const node = after ?? before;
  if (!node) return null;
  const kind = !before ? 'added' : !after ? 'removed' : changes.length > 0 ? 'changed' : null;
  return (
    <section className="node-changes" aria-labelledby="node-changes-title" data-testid="node-changes">
      <h3 id="node-changes-title">
        {node.name} <span className="muted">({node.type})</span>
      </h3>
      <p className="muted small">{kind ? `This node was ${KIND_WORDS[kind]}.` : 'This node did not change.'}</p>
      {changes.length > 0 ? (
        <table className="field-changes">
          <caption className="sr-only">Changed fields of {node.name}</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change) => (
              <tr key={change.path}>
                <th scope="row" title={change.path}>
                  {change.label}
                </th>
                <td className={change.before === undefined ? 'unset' : 'before'}>
                  <code>{expressionText(change.before)}</code>
                </td>
                <td className={change.after === undefined ? 'unset' : 'after'}>
                  <code>{expressionText(change.after)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/**
 * What changed, to go through by keyboard or pointer: the nodes added, removed and changed (each
 * button shows its node on the canvas), and the selected node's changed fields before and after.
 */
export function ChangeDetails({
  comparison,
  before,
  after,
  selected,
  onShow,
}: {
  comparison: Comparison;
  before: WorkflowDefinition;
  after: WorkflowDefinition;
  selected: string | null;
  onShow: (nodeId: string) => void;
}) {
  const beforeNodes = useMemo(() => new Map(before.nodes.map((node) => [node.id, node])), [before]);
  const afterNodes = useMemo(() => new Map(after.nodes.map((node) => [node.id, node])), [after]);
  const marked = [...comparison.nodeMarks.entries()];
  return (
    <div className="change-details">
      {selected ? (
        <NodeChanges before={beforeNodes.get(selected)} after={afterNodes.get(selected)} />
      ) : (
        <p className="muted small">Select a node on the canvas, or one below, to see its changed fields before and after.</p>
      )}
      {marked.length > 0 ? (
        <ul className="changed-nodes" aria-label="Changed nodes">
          {marked.map(([id, mark]) => (
            <li key={id} className={`diff-${mark.change ?? 'changed'}`}>
              <button type="button" className="link" aria-pressed={selected === id} onClick={() => onShow(id)}>
                {(afterNodes.get(id) ?? beforeNodes.get(id))?.name ?? id}
              </button>{' '}
              <span className="muted">{mark.change}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
