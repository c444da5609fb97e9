import { AlarmClock, GitCompare } from 'lucide-react';
import { Link } from 'react-router';
import type { InboxTask, InboxVersion } from '../app/api-types.js';
import { DateTime } from '../app/date-time.js';
import { relativeTime } from '../app/relative-time.js';
import { workspacePath } from '../app/workspace.js';
import { DecisionForm } from '../shared/decision-form.js';
import { useDecideTask } from './api.js';

/** Where the item lives, when it came, when it is due (marked when overdue), how far its sign-off has come. */
function ItemFacts({ item }: { item: InboxVersion | InboxTask }) {
  return (
    <p className="inbox-facts">
      <span className="tenant-chip">{item.tenant.name}</span>
      <span>
        Waiting since <DateTime iso={item.createdAt} /> ({relativeTime(item.createdAt)})
      </span>
      {item.dueAt ? (
        <span className={item.overdue ? 'due overdue' : 'due'}>
          {item.overdue ? <AlarmClock size={14} aria-hidden="true" /> : null}
          {item.overdue ? 'Overdue: was due' : 'Due'} <DateTime iso={item.dueAt} />
        </span>
      ) : null}
      <span>
        {item.approvals.received} of {item.approvals.required} {item.approvals.required === 1 ? 'approval' : 'approvals'}
      </span>
    </p>
  );
}

/** The user's own decision, in the history. */
function YourDecision({ item }: { item: InboxVersion | InboxTask }) {
  if (!item.yourDecision) return null;
  return (
    <p className="your-decision">
      <span className={`history-kind ${item.yourDecision.decision}`}>You {item.yourDecision.decision === 'approve' ? 'approved' : 'rejected'}</span>{' '}
      <DateTime iso={item.yourDecision.decidedAt} />
      {item.yourDecision.comment ? <q className="history-comment">{item.yourDecision.comment}</q> : null}
    </p>
  );
}

/** A version to sign off: which, by whom, the note, and the comparison one click away (sign-off happens there). */
export function VersionItem({ item }: { item: InboxVersion }) {
  const compare = workspacePath(item.tenant.id, `workflows/${encodeURIComponent(item.workflowId ?? '')}/compare?to=${item.version}`);
  const heading = `Version ${item.version} of ${item.workflowName ?? 'a workflow'}`;
  return (
    <li className={item.overdue ? 'inbox-item overdue' : 'inbox-item'} data-kind="version">
      <div className="inbox-head">
        <span className="kind-chip">Version</span>
        <h3>{heading}</h3>
        {item.yourDecision ? <span className={`badge state-${item.status}`}>{item.status}</span> : null}
      </div>
      <ItemFacts item={item} />
      <p className="version-meta">Submitted by {item.authorName}</p>
      {item.note ? <p className="version-note">{item.note}</p> : null}
      <YourDecision item={item} />
      <Link className="button primary inbox-action" to={compare} aria-label={`Compare version ${item.version} of ${item.workflowName ?? 'the workflow'}`}>
        <GitCompare size={14} aria-hidden="true" /> Compare
      </Link>
    </li>
  );
}

/** An approval-gate task of a running workflow: its title, the context fields the gate declares, and Approve or Reject. */
export function TaskItem({ item }: { item: InboxTask }) {
  const decide = useDecideTask();
  const fields = Object.entries(item.fields);
  return (
    <li className={item.overdue ? 'inbox-item overdue' : 'inbox-item'} data-kind="task">
      <div className="inbox-head">
        <span className="kind-chip">Task</span>
        <h3>{item.title}</h3>
        {item.overdue ? <span className="badge overdue-badge">Overdue</span> : null}
        {item.yourDecision ? <span className={`badge state-${item.status}`}>{item.status.replace('_', ' ')}</span> : null}
      </div>
      <ItemFacts item={item} />
      <p className="version-meta">
        {item.workflowName ?? 'A workflow'}
        {item.workflowVersion !== null ? `, version ${item.workflowVersion}` : ''}
      </p>
      {item.instructions ? <p className="task-instructions">{item.instructions}</p> : null}
      {fields.length > 0 ? (
        <dl className="task-fields">
          {fields.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <YourDecision item={item} />
      {item.status === 'open' && !item.yourDecision ? (
        <DecisionForm refusal={null} onDecide={(decision, comment) => decide.mutateAsync({ tenantId: item.tenant.id, taskId: item.taskId, decision, comment })} />
      ) : null}
    </li>
  );
}
