import { Ban, FlaskConical, PencilLine, RotateCcw } from 'lucide-react';
import { Link, useNavigate } from 'react-router';
import type { RunDetail } from '../../app/api-types.js';
import { errorMessage } from '../../app/error-message.js';
import { useCan } from '../../app/permissions.js';
import { useRunActions } from '../api.js';

const CANCELLABLE: ReadonlySet<RunDetail['status']> = new Set(['queued', 'running', 'waiting']);

/**
 * What may be done with a run, where the role allows it: Cancel (in progress), Retry from failed
 * step and Replay with draft (failed), Open in editor. Replaying opens both paths side by side.
 */
export function RunActions({ tenantId, run }: { tenantId: string; run: RunDetail }) {
  const can = useCan();
  const navigate = useNavigate();
  const { cancel, retry, replay } = useRunActions(tenantId, run.id);
  const failed = run.status === 'failed';
  const replayable = failed && run.workflowId !== null && run.parentRunId === null;
  const pending = cancel.isPending || retry.isPending || replay.isPending;
  const error = cancel.error ?? retry.error ?? replay.error;
  return (
    <div className="run-actions">
      <div className="run-action-buttons">
        {can('run.manage') && CANCELLABLE.has(run.status) ? (
          <button
            type="button"
            className="button"
            disabled={pending}
            onClick={() => {
              if (window.confirm('Cancel this run? Steps that have not run yet will not run.')) cancel.mutate();
            }}
          >
            <Ban size={14} aria-hidden="true" /> Cancel run
          </button>
        ) : null}
        {can('run.manage') && failed ? (
          <button type="button" className="button primary" disabled={pending} onClick={() => retry.mutate()}>
            <RotateCcw size={14} aria-hidden="true" /> {retry.isPending ? 'Retrying…' : 'Retry from failed step'}
          </button>
        ) : null}
        {can('run.test') && replayable ? (
          <button
            type="button"
            className="button"
            disabled={pending}
            title="Run the same input and parameters through the workflow's current draft as a test run"
            onClick={() => replay.mutate(undefined, { onSuccess: ({ runId }) => void navigate(`replay/${encodeURIComponent(runId)}`) })}
          >
            <FlaskConical size={14} aria-hidden="true" /> {replay.isPending ? 'Starting…' : 'Replay with draft'}
          </button>
        ) : null}
        {run.workflowId ? (
          <Link className="button subtle" to={`/t/${encodeURIComponent(tenantId)}/workflows/${encodeURIComponent(run.workflowId)}`}>
            <PencilLine size={14} aria-hidden="true" /> Open in editor
          </Link>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="error small">
          {errorMessage(error)}
        </p>
      ) : null}
    </div>
  );
}
