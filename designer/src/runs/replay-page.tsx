import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import type { WorkflowDefinition } from '../../../runtime/definition/index.js';
import type { RunDetail } from '../app/api-types.js';
import { useWorkspace, workspacePath } from '../app/workspace.js';
import { ReadOnlyCanvas } from '../shared/canvas/read-only-canvas.js';
import { StatusChip } from '../shared/run-trace/status-chip.js';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import { useRun, useRunDefinition } from './api.js';
import { runPath } from './run-path.js';
import './runs.css';

/** One side: a run's path on the definition it executed, with its status and error. */
function ReplaySide({ title, runId }: { title: string; runId: string }) {
  const { tenant } = useWorkspace();
  const run = useRun(tenant.id, runId);
  const definition = useRunDefinition(tenant.id, runId);
  const workflow = definition.data?.definition as unknown as WorkflowDefinition | undefined;
  const marks = useMemo(() => (run.data && workflow ? runPath(run.data.steps, workflow) : undefined), [run.data, workflow]);
  if (run.isError || definition.isError) return <ErrorState title={`${title} could not be loaded`} error={run.error ?? definition.error} />;
  if (!run.data || !workflow || !marks) return <LoadingState label={`Loading ${title.toLowerCase()}…`} />;
  const detail: RunDetail = run.data;
  return (
    <figure className="replay-side" aria-label={title}>
      <figcaption>
        {title} <StatusChip status={detail.status} />
        <Link to={workspacePath(tenant.id, `runs/${detail.id}`)}>Open this run</Link>
      </figcaption>
      {detail.error ? (
        <p className="run-error" role="alert">
          {detail.error.message}
        </p>
      ) : (
        <p className="muted small">{detail.status === 'succeeded' ? 'No error.' : ' '}</p>
      )}
      <ReadOnlyCanvas definition={workflow} decorations={marks.nodes} edgeDecorations={marks.edges} statusCaption={title} label={`${title}: the path it took (read-only)`} minimap={false} />
    </figure>
  );
}

/**
 * Replay with draft: a failed run beside a test run of the current draft on the same input and
 * parameters, each drawn with the path it took — to see whether a fix in the draft helps.
 */
export function ReplayPage() {
  const { runId = '', replayId = '' } = useParams();
  const { tenant } = useWorkspace();
  return (
    <section className="run-detail" aria-labelledby="replay-title">
      <Link to={workspacePath(tenant.id, `runs/${runId}`)}>← The failed run</Link>
      <h1 id="replay-title">Replay with draft</h1>
      <p className="muted">The same input and parameters through the current draft, as a test run (its steps really happen, as in any test run).</p>
      <div className="replay-sides">
        <ReplaySide title="The recorded run" runId={runId} />
        <ReplaySide title="The draft’s replay" runId={replayId} />
      </div>
    </section>
  );
}
