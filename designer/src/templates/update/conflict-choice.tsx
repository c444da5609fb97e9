import { useId } from 'react';
import { expressionText } from '../../shared/diff/expression-text.js';
import type { MergeConflict } from './api.js';

/** A value as the conflict shows it; absent parts say so. */
function shown(value: unknown): string {
  return value === undefined ? '(none)' : expressionText(value);
}

/** Where a conflict is, in words: the node's name and the field, or the part of the workflow. */
export function conflictPlace(conflict: Pick<MergeConflict, 'nodeName' | 'nodeId' | 'field'>): string {
  const node = conflict.nodeName ?? conflict.nodeId;
  return node === null ? conflict.field : `${node}: ${conflict.field}`;
}

/**
 * One conflict: what the template had when cloned, what it has now and what the draft has, side by
 * side, with the choice between the template's value and the draft's.
 */
export function ConflictChoice({ conflict, choice, onChoose }: { conflict: MergeConflict; choice: 'theirs' | 'mine' | undefined; onChoose: (choice: 'theirs' | 'mine') => void }) {
  const id = useId();
  return (
    <fieldset className="merge-conflict" data-conflict={conflict.id}>
      <legend>{conflictPlace(conflict)}</legend>
      <dl className="merge-values">
        {(
          [
            ['When cloned', conflict.base],
            ['Template now', conflict.theirs],
            ['Your draft', conflict.mine],
          ] as const
        ).map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <code>{shown(value)}</code>
            </dd>
          </div>
        ))}
      </dl>
      <div className="merge-choices" role="radiogroup" aria-label={`Resolve ${conflictPlace(conflict)}`}>
        <label>
          <input type="radio" name={id} checked={choice === 'theirs'} onChange={() => onChoose('theirs')} /> Use the template&apos;s
        </label>
        <label>
          <input type="radio" name={id} checked={choice === 'mine'} onChange={() => onChoose('mine')} /> Keep mine
        </label>
      </div>
    </fieldset>
  );
}
