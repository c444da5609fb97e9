import './problems.css';
import { useProblems } from './use-problems.js';

/** The Problems tab's label with the live count, e.g. "Problems 3". */
export function ProblemsTabLabel() {
  const count = useProblems().length;
  return (
    <>
      Problems
      {count > 0 ? (
        <span className="problems-count" aria-label={`, ${count}`}>
          {count}
        </span>
      ) : null}
    </>
  );
}
