import { Link } from 'react-router';
import { ApiError } from '../app/api-client.js';
import { errorMessage } from '../app/error-message.js';
import { useCan } from '../app/permissions.js';
import { workspacePath } from '../app/workspace.js';
import { useLinkedRun, useRerunFailedStep } from './api.js';

/** What a refused re-run means to the person who asked for it. */
function refusal(error: unknown): string {
  if (error instanceof ApiError && error.status === 403) return 'Your role may not re-run runs; ask an operator.';
  if (error instanceof ApiError && (error.status === 409 || error.status === 422 || error.status === 400)) return `The run was not re-run: ${error.message}.`;
  return `The run could not be re-run: ${errorMessage(error)}.`;
}

/** What became of a re-run, once the run has been read since (`fresh`). */
function outcome(status: string, fresh: boolean): string {
  if (!fresh || status === 'running' || status === 'queued') return 'The failed step is running again…';
  if (status === 'succeeded') return 'The failed step ran again: the run succeeded.';
  if (status === 'failed') return 'The failed step ran again and failed again.';
  return `The failed step ran again: the run is ${status}.`;
}

/**
 * The run an exception concerns, and — when it failed — "Re-run the failed step": the run goes on
 * from the step that failed (once its cause is fixed), and what becomes of it shows here, with a
 * link to the run.
 */
export function RerunFailedStep({ tenantId, runId }: { tenantId: string; runId: string }) {
  const run = useLinkedRun(tenantId, runId);
  const rerun = useRerunFailedStep(tenantId, runId);
  const can = useCan();
  const link = (
    <Link to={workspacePath(tenantId, `runs/${runId}`)}>
      open the run
    </Link>
  );
  if (!run.isSuccess) return <p className="exception-run">Run: {link}</p>;
  const { status, error } = run.data;
  return (
    <div className="exception-run">
      <p>
        Run {status}
        {status === 'failed' && error ? ` at "${error.nodeId ?? 'a step'}": ${error.message}` : ''} — {link}
      </p>
      {status === 'failed' && can('run.manage') ? (
        <button type="button" className="button" disabled={rerun.isPending} onClick={() => rerun.mutate()}>
          {rerun.isPending ? 'Re-running…' : 'Re-run the failed step'}
        </button>
      ) : null}
      {rerun.isSuccess ? <p role="status">{outcome(status, run.dataUpdatedAt > rerun.submittedAt)}</p> : null}
      {rerun.isError ? (
        <p role="alert" className="error">
          {refusal(rerun.error)}
        </p>
      ) : null}
    </div>
  );
}
