import { CircleAlert, CircleCheck, CircleSlash, CircleX, Hourglass, LoaderCircle, type LucideIcon } from 'lucide-react';
import type { StepStatus } from '../model/run-status.js';
import { useNodeProblemCount } from '../problems/use-problems.js';
import { useEditorStore, useEditorStoreApi } from '../store/editor-context.js';
import type { NodeChangeKind } from '../store/view-slice.js';

const STATUS_ICONS: Record<StepStatus, LucideIcon> = {
  succeeded: CircleCheck,
  failed: CircleX,
  skipped: CircleSlash,
  waiting: Hourglass,
  running: LoaderCircle,
};

const CHANGE_LABELS: Record<NodeChangeKind, string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };

/**
 * The node's validation problem count (opens the problems panel), its status in the last test run
 * and, in a diff, whether it was added, removed or changed. The count comes from the editor's
 * validation and re-renders only this badge, only when the node's own count changes.
 */
export function NodeBadges({ id, status, change }: { id: string; status: StepStatus | undefined; change: NodeChangeKind | undefined }) {
  const store = useEditorStoreApi();
  const problems = useNodeProblemCount(id);
  const caption = useEditorStore((state) => state.statusCaption);
  const StatusIcon = status ? STATUS_ICONS[status] : undefined;
  if (problems === 0 && !StatusIcon && !change) return null;
  const openProblems = () => store.getState().setPanel('problems');
  return (
    <div className="wf-node-badges">
      {change ? <span className={`wf-badge wf-badge-change change-${change}`}>{CHANGE_LABELS[change]}</span> : null}
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
        <span className={`wf-badge wf-badge-status status-${status}`} role="img" aria-label={`${caption}: ${status}`} title={`${caption}: ${status}`}>
          <StatusIcon size={14} aria-hidden="true" />
        </span>
      ) : null}
    </div>
  );
}
