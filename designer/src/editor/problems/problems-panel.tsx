import { useReactFlow } from '@xyflow/react';
import { CircleAlert, CircleCheck } from 'lucide-react';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Problem } from '../../app/api-types.js';
import { problemField } from '../model/field-problems.js';
import { useEditorStore, useEditorStoreApi } from '../store/editor-context.js';
import { openProblem } from './open-problem.js';
import { groupProblems } from './problem-groups.js';
import './problems.css';
import { useProblems, useProblemsChecking } from './use-problems.js';

/** Most problems listed; a workflow with more has bigger troubles than a long list can show. */
const MAX_LISTED = 500;

/**
 * The validator's problems, live as the workflow is edited, grouped by node. Clicking one selects
 * its node (centred on the canvas) and opens the inspector at the field, or selects the connection.
 */
export function ProblemsPanel() {
  const problems = useProblems();
  const checking = useProblemsChecking();
  const flow = useReactFlow();
  const store = useEditorStoreApi();
  const labels = useEditorStore(useShallow((state) => state.nodes.map((node) => `${node.id}\u0000${node.data.name}`)));
  const names = useMemo(() => new Map(labels.map((label) => label.split('\u0000') as [string, string])), [labels]);
  const groups = useMemo(() => groupProblems(problems.slice(0, MAX_LISTED), names), [problems, names]);
  const open = (problem: Problem) => {
    openProblem(store, problem);
    const nodeId = problem.edgeId === undefined ? problem.nodeId : undefined;
    if (nodeId !== undefined) void flow.fitView({ nodes: [{ id: nodeId }], duration: 300, minZoom: flow.getZoom(), maxZoom: flow.getZoom() });
  };
  if (problems.length === 0) {
    if (checking) return <p className="problems-empty checking">Checking the workflow…</p>;
    return (
      <p className="problems-empty">
        <CircleCheck size={16} aria-hidden="true" /> No problems: the workflow is ready to submit.
      </p>
    );
  }
  return (
    <div className="problems">
      <p className="problems-summary" role="status">
        {problems.length} {problems.length === 1 ? 'problem' : 'problems'}
        {problems.length > MAX_LISTED ? `; the first ${MAX_LISTED} are listed` : ''}
        {checking ? ' · checking…' : ''}
      </p>
      {groups.map((group) => (
        <section key={group.key} className="problem-group" aria-label={group.title}>
          <h3>
            {group.title}
            {group.nodeId !== undefined && group.nodeId !== group.title ? <code>{group.nodeId}</code> : null}
            <span className="problems-count">{group.problems.length}</span>
          </h3>
          <ul>
            {group.problems.map((problem, index) => {
              const where = problemField(problem) ?? problem.path;
              return (
                <li key={`${problem.path}\u0000${problem.message}\u0000${index}`}>
                  <button type="button" className="problem" onClick={() => open(problem)}>
                    <CircleAlert size={14} aria-hidden="true" />
                    <span>
                      {problem.message}
                      <span className="problem-path">{where}</span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
