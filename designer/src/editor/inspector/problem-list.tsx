import { CircleAlert } from 'lucide-react';
import type { Problem } from '../../app/api-types.js';

/** Problems that belong to no one field (the node or workflow as a whole), listed at the top of the inspector. */
export function ProblemList({ problems }: { problems: readonly Problem[] | undefined }) {
  if (!problems || problems.length === 0) return null;
  return (
    <ul className="inspector-problems" aria-label="Problems">
      {problems.map((problem) => (
        <li key={`${problem.path}\u0000${problem.message}`}>
          <CircleAlert size={14} aria-hidden="true" /> {problem.message}
        </li>
      ))}
    </ul>
  );
}
