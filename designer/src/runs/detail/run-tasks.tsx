import { Link } from 'react-router';
import type { Task } from '../../app/api-types.js';
import { DateTime } from '../../app/date-time.js';
import { errorMessage } from '../../app/error-message.js';
import { useRunTasks } from '../api.js';

const TASK_STATUS: Readonly<Record<Task['status'], string>> = { open: 'Waiting for a decision', approved: 'Approved', rejected: 'Rejected', timed_out: 'Timed out', cancelled: 'Cancelled' };

/** The approval tasks a run raised, each with its status and every decision (who, what, when, why). */
export function RunTasks({ tenantId, runId, live, nameOf }: { tenantId: string; runId: string; live: boolean; nameOf: (id: string) => string }) {
  const tasks = useRunTasks(tenantId, runId, live);
  if (tasks.isPending) return <p className="muted small">Reading the approval tasks…</p>;
  if (tasks.isError) {
    return (
      <p role="alert" className="error small">
        The approval tasks could not be read: {errorMessage(tasks.error)}
      </p>
    );
  }
  if (tasks.data.length === 0) return <p className="muted small">This run raised no approval task.</p>;
  return (
    <ul className="run-tasks">
      {tasks.data.map((task) => (
        <li key={task.id} data-status={task.status}>
          <p className="run-task-head">
            <strong>{task.title}</strong> <span className="muted">at {nameOf(task.nodeId)}</span> <span className={`task-status task-${task.status}`}>{TASK_STATUS[task.status]}</span>
          </p>
          <p className="muted small">
            Raised <DateTime iso={task.createdAt} />
            {task.closedAt ? (
              <>
                , closed <DateTime iso={task.closedAt} />
              </>
            ) : null}
            {task.status === 'open' ? (
              <>
                {' '}
                · <Link to={`/t/${encodeURIComponent(tenantId)}/approvals`}>Open the approvals inbox</Link>
              </>
            ) : null}
          </p>
          {task.decisions.length > 0 ? (
            <ul className="task-decisions" aria-label={`Decisions on ${task.title}`}>
              {task.decisions.map((decision) => (
                <li key={`${decision.actorId}:${decision.decidedAt}`}>
                  <span className={decision.decision === 'approve' ? 'decision-approve' : 'decision-reject'}>{decision.decision === 'approve' ? 'Approved' : 'Rejected'}</span> by {decision.actorId},{' '}
                  <DateTime iso={decision.decidedAt} />
                  {decision.comment ? <q>{decision.comment}</q> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
