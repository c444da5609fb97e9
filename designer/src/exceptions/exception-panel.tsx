import { useState } from 'react';
import { DateTime } from '../app/date-time.js';
import { errorMessage } from '../app/error-message.js';
import { useCan } from '../app/permissions.js';
import { useMe } from '../app/session.js';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import { useException, useExceptionActions, type ExceptionChange, type ExceptionDetail } from './api.js';
import { RerunFailedStep } from './rerun-failed-step.js';

const CLOSED = new Set(['resolved', 'dismissed']);

/** The work an exception's state allows: start, resolve, dismiss, reopen. */
function stateActions(detail: ExceptionDetail): { label: string; change: ExceptionChange; needsNote?: boolean }[] {
  if (CLOSED.has(detail.state)) return [{ label: 'Reopen', change: { state: 'open' } }];
  return [
    ...(detail.state === 'in_progress' ? [] : [{ label: 'Start work', change: { state: 'in_progress' } } as const]),
    { label: 'Resolve', change: { state: 'resolved' }, needsNote: true },
    { label: 'Dismiss', change: { state: 'dismissed' }, needsNote: true },
  ];
}

/**
 * One exception beside the queue: what it says, its facts, its runs (a failed one re-run from the
 * failed step) and notes, and its work — assign to me, start, resolve or dismiss with a note,
 * reopen, correct the category — for people who may.
 */
export function ExceptionPanel({ tenantId, exceptionId, onClose }: { tenantId: string; exceptionId: string; onClose: () => void }) {
  const exception = useException(tenantId, exceptionId);
  const actions = useExceptionActions();
  const can = useCan();
  const { me } = useMe();
  const [note, setNote] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  if (exception.isPending) return <LoadingState label="Loading the exception…" />;
  if (exception.isError) return <ErrorState title="The exception could not be loaded" error={exception.error} onRetry={() => void exception.refetch()} />;
  const detail = exception.data;
  const manage = can('exception.manage');
  const busy = actions.change.isPending || actions.note.isPending;
  const act = (change: ExceptionChange) => {
    setFailure(null);
    actions.change.mutate(
      { exception: detail, change },
      {
        onSuccess: () => {
          setNote('');
          setCategory(null);
        },
        onError: (error) => setFailure(errorMessage(error)),
      },
    );
  };
  const addNote = () =>
    actions.note.mutate({ exception: detail, text: note }, { onSuccess: () => setNote(''), onError: (error) => setFailure(errorMessage(error)) });
  return (
    <section className="exception-panel" aria-labelledby="exception-title">
      <div className="exception-panel-head">
        <h2 id="exception-title">
          {detail.key}: {detail.title}
        </h2>
        <button type="button" className="button subtle" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="exception-facts">
        <dt>State</dt>
        <dd>{detail.state.replace('_', ' ')}</dd>
        <dt>Severity</dt>
        <dd>
          <span className={`severity-chip ${detail.severity}`}>{detail.severity}</span>
        </dd>
        <dt>Category</dt>
        <dd>{detail.category}</dd>
        <dt>Assigned to</dt>
        <dd>{detail.assigneeId === null ? 'Nobody' : detail.assigneeId === me?.user.id ? 'You' : 'Someone else'}</dd>
        {detail.subject ? (
          <>
            <dt>Concerns</dt>
            <dd>
              {detail.subject.type} {detail.subject.id}
            </dd>
          </>
        ) : null}
        {detail.owner ? (
          <>
            <dt>Owner</dt>
            <dd>{detail.owner}</dd>
          </>
        ) : null}
        <dt>Raised</dt>
        <dd>
          <DateTime iso={detail.createdAt} />
        </dd>
        {detail.dueAt ? (
          <>
            <dt>Due</dt>
            <dd>
              <DateTime iso={detail.dueAt} />
              {detail.overdue ? <strong className="overdue"> overdue</strong> : null}
            </dd>
          </>
        ) : null}
        {Object.entries(detail.context).map(([name, value]) => (
          <div key={name} className="exception-fact">
            <dt>{name}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
      </dl>
      {detail.details ? <p className="exception-details">{detail.details}</p> : null}
      {detail.runIds.map((runId) => (
        <RerunFailedStep key={runId} tenantId={detail.tenantId} runId={runId} />
      ))}
      <h3>Notes</h3>
      {detail.notes.length === 0 ? <p className="muted small">No notes yet.</p> : null}
      <ol className="exception-notes">
        {detail.notes.map((entry) => (
          <li key={entry.id}>
            <DateTime iso={entry.createdAt} /> — {entry.text}
          </li>
        ))}
      </ol>
      {failure ? (
        <p role="alert" className="error">
          {failure}
        </p>
      ) : null}
      {manage ? (
        <div className="exception-work">
          <label className="wizard-field">
            Note
            <textarea rows={3} value={note} onChange={(event) => setNote(event.target.value)} placeholder="What you found or did" />
          </label>
          <div className="wizard-actions">
            {!CLOSED.has(detail.state) && detail.assigneeId !== me?.user.id ? (
              <button type="button" className="button" disabled={busy} onClick={() => act({ assigneeId: 'me' })}>
                Assign to me
              </button>
            ) : null}
            {stateActions(detail).map((action) => (
              <button
                key={action.label}
                type="button"
                className={action.label === 'Resolve' ? 'button primary' : 'button'}
                disabled={busy || (action.needsNote === true && note.trim() === '')}
                title={action.needsNote === true && note.trim() === '' ? 'Write a note first' : undefined}
                onClick={() => act({ ...action.change, ...(note.trim() === '' ? {} : { note }) })}
              >
                {action.label}
              </button>
            ))}
            <button type="button" className="button subtle" disabled={busy || note.trim() === ''} onClick={addNote}>
              Add note
            </button>
          </div>
          <form
            className="exception-category"
            onSubmit={(event) => {
              event.preventDefault();
              if (category !== null && category !== detail.category) act({ category });
            }}
          >
            <label className="wizard-field">
              Correct category
              <input value={category ?? detail.category} onChange={(event) => setCategory(event.target.value)} />
            </label>
            <button type="submit" className="button" disabled={busy || category === null || category === detail.category}>
              Change category
            </button>
          </form>
        </div>
      ) : (
        <p className="muted small">Your role can read exceptions but not work them.</p>
      )}
    </section>
  );
}
