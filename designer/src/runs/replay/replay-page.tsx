import { ArrowLeft } from 'lucide-react';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import type { WorkflowDefinition } from '../../../../runtime/definition/index.js';
import { ReadOnlyCanvas } from '../../shared/canvas/read-only-canvas.js';
import { ErrorState, LoadingState } from '../../shared/page-state.js';
import { StatusChip } from '../../shared/run-trace/status-chip.js';
import { useRun, useRunDefinition } from '../api.js';
import { runOrigin } from '../detail/run-detail-page.js';
import { runPath } from '../detail/run-path.js';
import '../runs.css';

/** One run's path on the canvas of the definition it ran, with its status, its error and a link to its page. */
function RunPathSide({ tenantId, runId, title, caption }: { tenantId: string; runId: string; title: string; caption: string }) {
  const run = useRun(tenantId, runId);
  const executed = useRunDefinition(tenantId, runId);
  const definition = executed.data?.definition as WorkflowDefinition | undefined;
  const path = useMemo(() => (run.data && definition ? runPath(run.data.steps, definition.edges) : null), [run.data, definition]);
  const names = useMemo(() => new Map((definition?.nodes ?? []).map((node) => [node.id, node.name])), [definition]);
  if (run.isError || executed.isError) return <ErrorState title={`${title} could not be loaded`} error={run.error ?? executed.error} onRetry={() => void run.refetch()} />;
  if (!run.data || !definition || !path) return <LoadingState label={`Loading ${title.toLowerCase()}…`} />;
  const error = run.data.error;
  return (
    <figure className="replay-side" data-testid={`replay-side-${caption === 'Replay' ? 'replay' : 'recorded'}`} data-status={run.data.status}>
      <figcaption>
        <span>{title}</span> <StatusChip status={run.data.status} />
        <span className="muted small">{runOrigin(run.data)}</span>
        <Link className="small" to={`/t/${encodeURIComponent(tenantId)}/runs/${encodeURIComponent(runId)}`}>
          Open this run
        </Link>
      </figcaption>
      {error ? (
        <p className="run-error small">
          {error.nodeId ? `${names.get(error.nodeId) ?? error.nodeId}: ` : ''}
          {error.message}
        </p>
      ) : null}
      <div className="replay-frame">
        <ReadOnlyCanvas definition={definition} decorations={path.nodes} edgeDecorations={path.edges} statusCaption={caption} label={`${title}: the path of the run (read-only)`} minimap={false} />
      </div>
    </figure>
  );
}

/**
 * Replay with draft: the failed run's path on the version it ran, next to the path the same input
 * and parameters take through the current draft (a test run, followed while it runs).
 */
export function ReplayPage() {
  const { tenantId = '', runId = '', replayId = '' } = useParams();
  return (
    <section className="replay-page" aria-labelledby="replay-title">
      <header className="run-header">
        <Link to={`/t/${encodeURIComponent(tenantId)}/runs/${encodeURIComponent(runId)}`} className="button subtle back-link">
          <ArrowLeft size={16} aria-hidden="true" /> The failed run
        </Link>
        <h1 id="replay-title">Replay with draft</h1>
        <p className="muted">The same input and parameters, run through the current draft as a test run. Nothing the draft does here counts as a production run.</p>
      </header>
      <div className="replay-canvases">
        <RunPathSide tenantId={tenantId} runId={runId} title="The recorded run" caption="Recorded run" />
        <RunPathSide tenantId={tenantId} runId={replayId} title="On the draft" caption="Replay" />
      </div>
    </section>
  );
}
