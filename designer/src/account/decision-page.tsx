import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { decide, useDecision, type DecisionView } from './account-api.js';
import { AccountCard, ErrorMessage, Loading } from './account-card.js';
import { errorText } from './error-text.js';

const STATUS_TEXT: Record<DecisionView['task']['status'], string> = {
  open: 'waiting for decisions',
  approved: 'approved',
  rejected: 'rejected',
  timed_out: 'closed: it was due without a decision',
  cancelled: 'closed: its run was cancelled',
};

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A mailed decision link (`/decide/:token`): the task, then approve or reject with a comment, as the link's approver. */
export function DecisionPage() {
  const { token = '' } = useParams();
  const decision = useDecision(token);
  if (decision.isPending) {
    return (
      <AccountCard title="Approval">
        <Loading what="Loading the task…" />
      </AccountCard>
    );
  }
  if (decision.isError) {
    return (
      <AccountCard title="Approval">
        <ErrorMessage>{errorText(decision.error)}</ErrorMessage>
        <p className="muted">Ask for a new link, or decide from your inbox after signing in.</p>
      </AccountCard>
    );
  }
  return <DecisionCard token={token} view={decision.data} />;
}

function DecisionCard({ token, view }: { token: string; view: DecisionView }) {
  const client = useQueryClient();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { task } = view;
  const mine = task.decisions.find((entry) => entry.actorId === view.approverId);
  const submit = async (choice: 'approve' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      const decided = await decide(token, choice, comment);
      client.setQueryData<DecisionView>(['decision', token], { ...view, task: { ...task, ...decided } });
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  const fields = Object.entries(task.fields);
  return (
    <AccountCard title={task.title} branding={view.branding}>
      <p className="muted">
        {view.tenant.name} · for {view.approver} · {STATUS_TEXT[task.status]}
      </p>
      {task.instructions ? <p>{task.instructions}</p> : null}
      {fields.length > 0 ? (
        <dl className="task-fields">
          {fields.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{shown(value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <p className="muted">
        {task.decisions.length} of {task.policy.requiredApprovals} {task.policy.requiredApprovals === 1 ? 'approval' : 'approvals'} needed so far.
      </p>
      {mine ? (
        <p role="status">
          You {mine.decision === 'approve' ? 'approved' : 'rejected'} this task{mine.comment ? `: “${mine.comment}”` : '.'}
        </p>
      ) : task.status !== 'open' ? (
        <p role="status">This task is {STATUS_TEXT[task.status]}; nothing more to decide.</p>
      ) : (
        <form onSubmit={(event) => event.preventDefault()} aria-label="Your decision" className="account-form">
          <label>
            Comment (optional)
            <textarea name="comment" rows={3} maxLength={5000} value={comment} onChange={(event) => setComment(event.target.value)} />
          </label>
          {error ? <ErrorMessage>{error}</ErrorMessage> : null}
          <div className="decision-buttons">
            <button type="button" className="button primary" disabled={busy} onClick={() => void submit('approve')}>
              Approve
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void submit('reject')}>
              Reject
            </button>
          </div>
        </form>
      )}
    </AccountCard>
  );
}
