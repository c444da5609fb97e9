import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { WorkflowDefinition } from '../../../../runtime/definition/index.js';
import type { RunDetail } from '../../app/api-types.js';
import { DateTime } from '../../app/date-time.js';
import { ApiError } from '../../app/api-client.js';
import { useEditorStore, useEditorStoreApi } from '../../editor/store/editor-context.js';
import type { EditorState } from '../../editor/store/editor-store.js';
import { ReadOnlyCanvas } from '../../shared/canvas/read-only-canvas.js';
import { EmptyState, ErrorState, LoadingState } from '../../shared/page-state.js';
import { JsonBlock } from '../../shared/run-trace/json-block.js';
import { StatusChip } from '../../shared/run-trace/status-chip.js';
import { StepDetails } from '../../shared/run-trace/step-details.js';
import { isFinished, useRun, useRunDefinition } from '../api.js';
import { RunActions } from './run-actions.js';
import { durationText, runPath } from './run-path.js';
import { RunTasks } from './run-tasks.js';
import { RunTimeline } from './run-timeline.js';
import '../runs.css';

const selectedNodeId = (state: EditorState) => state.nodes.find((node) => node.selected)?.id ?? null;

/** Where a run came from, in words. */
export function runOrigin(run: Pick<RunDetail, 'workflowVersion' | 'triggerType' | 'replayOf'>): string {
  if (run.workflowVersion === null) return run.replayOf ? 'Replay of a run on the draft (test run)' : 'Test run of the draft';
  const how = run.triggerType === 'manual' ? 'started by hand' : run.triggerType ? `started by ${run.triggerType}` : 'started';
  return `Version ${run.workflowVersion}, ${how}`;
}

/** A clock for the durations of steps still running or waiting (ticks while the run is in progress). */
function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [live]);
  return now;
}

/** The timeline and the selected step, inside the canvas's store so choosing one selects the other. */
function RunSidePanel({ run, nameOf, failedNodeId }: { run: RunDetail; nameOf: (id: string) => string; failedNodeId: string | null }) {
  const store = useEditorStoreApi();
  const selectedId = useEditorStore(selectedNodeId);
  const now = useNow(!isFinished(run));
  // The failed step is what a person opens a failed run for: select it once.
  useEffect(() => {
    if (failedNodeId && selectedNodeId(store.getState()) === null) store.getState().selectNode(failedNodeId);
  }, [failedNodeId, store]);
  const selectedSteps = selectedId ? run.steps.filter((step) => step.nodeId === selectedId) : [];
  return (
    <aside className="run-side" aria-label="Steps of the run">
      <h2>Timeline</h2>
      <RunTimeline steps={run.steps} nameOf={nameOf} selectedId={selectedId} onSelect={(id) => store.getState().selectNode(id)} now={now} />
      {run.nextStepsAfter !== null ? <p className="muted small">The first {run.steps.length} steps are shown.</p> : null}
      <StepDetails nodeId={selectedId} name={selectedId ? nameOf(selectedId) : null} steps={selectedSteps} />
    </aside>
  );
}

/**
 * A run: the definition it ran on a read-only canvas with the path it took, its step timeline
 * (attempts, durations, waits), each step's input, output and error, the approval tasks it raised,
 * and Cancel, Retry from failed step, Replay with draft and Open in editor where the role allows.
 */
export function RunDetailPage() {
  const { tenantId = '', runId = '' } = useParams();
  const run = useRun(tenantId, runId);
  const executed = useRunDefinition(tenantId, runId);
  const definition = executed.data?.definition as WorkflowDefinition | undefined;
  const names = useMemo(() => new Map((definition?.nodes ?? []).map((node) => [node.id, node.name])), [definition]);
  const nameOf = (id: string) => names.get(id) ?? id;
  const path = useMemo(() => (run.data && definition ? runPath(run.data.steps, definition.edges) : null), [run.data, definition]);

  if (run.isError || executed.isError) {
    const error = run.error ?? executed.error;
    if (error instanceof ApiError && error.status === 404) {
      return (
        <EmptyState title="Run not found">
          <p>There is no such run in this workspace. It may have been removed by the retention policy.</p>
          <Link to={`/t/${encodeURIComponent(tenantId)}/workflows`}>Back to the workflows</Link>
        </EmptyState>
      );
    }
    return <ErrorState title="This run could not be loaded" error={error} onRetry={() => void (run.isError ? run.refetch() : executed.refetch())} />;
  }
  if (!run.data || !definition || !path) return <LoadingState label="Loading the run…" />;
  const detail = run.data;
  const duration = detail.finishedAt ? durationText(Date.parse(detail.finishedAt) - Date.parse(detail.createdAt)) : null;
  return (
    <section className="run-page" aria-labelledby="run-title">
      <header className="run-header">
        <div className="run-title-line">
          <h1 id="run-title">Run of {definition.name}</h1>
          <StatusChip status={detail.status} />
        </div>
        <p className="run-facts muted">
          <span>{runOrigin(detail)}</span>
          {detail.initiatedBy ? <span>by {detail.initiatedByName ?? detail.initiatedBy}</span> : null}
          <span>
            <DateTime iso={detail.createdAt} />
          </span>
          {duration ? <span>took {duration}</span> : null}
          {detail.parentRunId ? (
            <span>
              <Link to={`/t/${encodeURIComponent(tenantId)}/runs/${encodeURIComponent(detail.parentRunId)}`}>The run that started it</Link>
            </span>
          ) : null}
          {detail.replayOf ? (
            <span>
              <Link to={`/t/${encodeURIComponent(tenantId)}/runs/${encodeURIComponent(detail.replayOf)}`}>
                The run it replays
              </Link>
            </span>
          ) : null}
          <span className="run-id" title="Run id">
            {detail.id}
          </span>
        </p>
        {detail.businessKey !== null || Object.keys(detail.searchAttributes).length > 0 ? (
          <dl className="run-search-attributes" aria-label="Business key and search attributes">
            {detail.businessKey !== null ? (
              <div>
                <dt>Business key</dt>
                <dd>{detail.businessKey}</dd>
              </div>
            ) : null}
            {Object.entries(detail.searchAttributes).map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        <RunActions tenantId={tenantId} run={detail} />
        {detail.error ? (
          <div className="run-error" role="alert" data-testid="run-error">
            <strong>{detail.error.nodeId ? `${nameOf(detail.error.nodeId)} failed: ` : 'The run failed: '}</strong>
            {detail.error.message} <span className="muted">({detail.error.code})</span>
          </div>
        ) : null}
      </header>
      <div className="run-body">
        <ReadOnlyCanvas definition={definition} decorations={path.nodes} edgeDecorations={path.edges} statusCaption="This run" label={`${definition.name}: the path of this run (read-only)`}>
          <RunSidePanel run={detail} nameOf={nameOf} failedNodeId={detail.error?.nodeId ?? null} />
        </ReadOnlyCanvas>
      </div>
      <div className="run-data">
        <section aria-labelledby="run-data-title">
          <h2 id="run-data-title">Input and output</h2>
          <div className="run-data-blocks">
            <JsonBlock label="Input" value={detail.input} />
            {Object.keys(detail.params).length > 0 ? <JsonBlock label="Parameters" value={detail.params} /> : null}
            {detail.status === 'succeeded' || detail.output !== null ? <JsonBlock label="Output" value={detail.output} /> : null}
          </div>
        </section>
        <section aria-labelledby="run-tasks-title">
          <h2 id="run-tasks-title">Approval tasks</h2>
          <RunTasks tenantId={tenantId} runId={detail.id} live={!isFinished(detail)} nameOf={nameOf} />
          {detail.children.length > 0 ? (
            <>
              <h2 id="run-children-title">Runs it started</h2>
              <ul className="run-children" aria-labelledby="run-children-title">
                {detail.children.map((child) => (
                  <li key={child.runId}>
                    <Link to={`/t/${encodeURIComponent(tenantId)}/runs/${encodeURIComponent(child.runId)}`}>
                      {nameOf(child.nodeId)} [{child.index}]
                    </Link>{' '}
                    <StatusChip status={child.status} />
                  </li>
                ))}
              </ul>
              {detail.moreChildren ? <p className="muted small">The first {detail.children.length} are listed.</p> : null}
            </>
          ) : null}
        </section>
      </div>
    </section>
  );
}
