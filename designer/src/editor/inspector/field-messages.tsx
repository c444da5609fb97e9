import type { Problem } from '../../app/api-types.js';
import { problemField } from '../model/field-problems.js';

/**
 * The validator's messages about a field; a problem deeper inside it (a part of a rule, an entry)
 * says where.
 */
export function FieldMessages({ fieldId, problems }: { fieldId: string; problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="field-messages">
      {problems.map((problem) => {
        const inner = (problemField(problem) ?? fieldId).slice(fieldId.length).replace(/^\./, '');
        return (
          <li key={`${problem.path}\u0000${problem.message}`} className="field-message error">
            {problem.message}
            {inner !== '' ? <span className="muted"> (at {inner})</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
