import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useProblems } from '../problems/use-problems.js';
import { useEditorStore } from '../store/editor-context.js';
import { ProblemList } from './problem-list.js';

/** What the inspector shows for a selected connection: its ends and its problems. */
export function EdgeSummary({ edgeId }: { edgeId: string }) {
  const edge = useEditorStore((state) => state.edges.find((candidate) => candidate.id === edgeId));
  const names = useEditorStore(
    useShallow((state) => ({
      source: state.nodes.find((node) => node.id === edge?.source)?.data.name ?? edge?.source,
      target: state.nodes.find((node) => node.id === edge?.target)?.data.name ?? edge?.target,
    })),
  );
  const allProblems = useProblems();
  const problems = useMemo(() => allProblems.filter((problem) => problem.edgeId === edgeId), [allProblems, edgeId]);
  if (!edge) return null;
  return (
    <div className="inspector">
      <header className="inspector-head">
        <h2>Connection</h2>
        <p>
          From <strong>{names.source}</strong> ({edge.sourceHandle}) to <strong>{names.target}</strong> ({edge.targetHandle}).
        </p>
        <p className="muted">Press Delete to remove it.</p>
      </header>
      <ProblemList problems={problems} />
    </div>
  );
}
