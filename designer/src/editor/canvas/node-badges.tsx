import { CircleAlert, CircleCheck, CircleSlash, CircleX, Hourglass, LoaderCircle, type LucideIcon } from 'lucide-react';
import type { StepStatus } from '../model/run-status.js';
import { useNodeProblemCount } from '../problems/use-problems.js';
import { useEditorStore } from '../store/editor-store.js';

const STATUS_ICONS: Record<StepStatus, LucideIcon> = {
  succeeded: CircleCheck,
  failed: CircleX,
  skipped: CircleSlash,
  waiting: Hourglass,
  running: LoaderCircle,
};

function openProblems(): void {
  useEditorStore.getState().setPanel('problems');
}

/**
 * The node's validation problem count (opens the problems panel) and its status in the last test
 * run. The count comes from the shared validation and re-renders only this badge, only when the
 * node's own count changes.
 */
export function NodeBadges({ id, status }: { id: string; status: StepStatus | undefined }) {
  const problems = useNodeProblemCount(id);
  const StatusIcon = status ? STATUS_ICONS[status] : undefined;
  if (problems === 0 && !StatusIcon) return null;
  return (
    <div className="wf-node-badges">
      {problems > 0 ? (
        <button
          type="button"
          className="wf-badge wf-badge-problems nodrag"
          onClick={openProblems}
          aria-label={`${problems} ${problems === 1 ? 'problem' : 'problems'}, show them`}
          title={`${problems} ${problems === 1 ? 'problem' : 'problems'}: see the Problems panel`}
        >
          <CircleAlert size={12} aria-hidden="true" />
          {problems}
        </button>
      ) : null}
      {StatusIcon ? (
        <span className={`wf-badge wf-badge-status status-${status}`} role="img" aria-label={`Last test run: ${status}`} title={`Last test run: ${status}`}>
          <StatusIcon size={14} aria-hidden="true" />
        </span>
      ) : null}
    </div>
  );
}
