import { Ban, PencilRuler, RotateCcw, Split } from 'lucide-react';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { WorkflowDefinition } from '../../../runtime/definition/index.js';
import type { RunDetail, RunStep, Task } from '../app/api-types.js';
import { DateTime } from '../app/date-time.js';
import { errorMessage } from '../app/error-message.js';
import { useCan } from '../app/permissions.js';
import { useWorkspace, workspacePath } from '../app/workspace.js';
import { useEditorStore } from '../editor/store/editor-context.js';
import { ReadOnlyCanvas } from '../shared/canvas/read-only-canvas.js';
import { JsonBlock } from '../shared/run-trace/json-block.js';
import { StatusChip } from '../shared/run-trace/status-chip.js';
import { StepDetails } from '../shared/run-trace/step-details.js';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import { useRun, useRunActions, useRunDefinition, useRunTasks, useStartRun } from './api.js';
import { durationText, runPath, stepDuration } from './run-path.js';
import './runs.css';

const inProgress = (status: RunDetail['status']) => status === 'queued' || status === 'running' || status === 'waiting';

/** The steps in the order they happened, each selectable: it selects its node on the canvas. */
function Timeline({ steps, nameOf }: { steps: readonly RunStep[]; nameOf: (id: string) => string }) {
  const selected = useEditorStore((state) => state.nodes.find((node) => node.selected)?.id ?? null);
  const selectNode = useEditorStore((state) => state.selectNode);
  return (
    <table className="run-timeline">
      <caption className="sr-only">Steps, in the order they ran</caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">Started</th>
          <th scope="col">Took</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((step) => (
          <tr key={`${step.nodeId}/${step.iteration}`} aria-selected={step.nodeId === selected}>
            <td>
              <button type="button" className="link" onClick={() => selectNode(step.nodeId)}>
                {nameOf(step.nodeId)}
                {step.iteration !== '0' ? ` #${step.iteration}` : ''}
              </button>
            </td>
            <td>
              <StatusChip status={step.status} />
            </td>
            <td>{step.attempt}</td>
            <td>{step.startedAt ? <DateTime iso={step.startedAt} /> : '—'}</td>
            <td>{stepDuration(step) ?? (step.status === 'waiting' ? 'waiting' : '—')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The selected node's input, output and error in this run. */
function SelectedStep({ steps, nameOf }: { steps: readonly RunStep[]; nameOf: (id: string) => string }) {
  const selected = useEditorStore((state) => state.nodes.find((node) => node.selected)?.id ?? null);
  return <StepDetails nodeId={selected} name={selected === null ? null : nameOf(selected)} steps={steps.filter((step) => step.nodeId === selected)} />;
}

/** The approval tasks the run raised, with who decided what. */
function Tasks({ tasks }: { tasks: readonly Task[] }) {
  if (tasks.length === 0) return null;
  return (
    <section aria-labelledby="run-tasks-title">
      <h2 id="run-tasks-title">Approval tasks</h2>
      <ul className="run-tasks">
        {tasks.map((task) => (
          <li key={task.id}>
            <strong>{task.title}</strong> — {task.status.replace('_', ' ')}
            {task.decisions.length === 0 ? <p className="muted small">No decision yet.</p> : null}
            {task.decisions.map((decision) => (
              <p key={`${decision.actorId}-${decision.decidedAt}`} className="small">
                {decision.decision === 'approve' ? 'Approved' : 'Rejected'} by {decision.actorId} on <DateTime iso={decision.decidedAt} />
                {decision.comment ? `: “${decision.comment}”` : ''}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Cancel, Retry from the failed step, Replay with draft, Open in editor — each where the run and the role allow it. */
function RunActions({ run }: { run: RunDetail }) {
  const { tenant } = useWorkspace();
  const can = useCan();
  const navigate = useNavigate();
  const { cancel, retry } = useRunActions(tenant.id, run.id);
  const replay = useStartRun(tenant.id);
  const failed = run.status === 'failed';
  const replayWithDraft = () => {
    if (run.workflowId === null) return;
    replay.mutate(
      { workflowId: run.workflowId, kind: 'test-runs', input: run.input, params: run.params },
      { onSuccess: ({ runId }) => void navigate(workspacePath(tenant.id, `runs/${run.id}/replay/${runId}`)) },
    );
  };
  const failure = cancel.error ?? retry.error ?? replay.error;
  return (
    <div className="run-actions">
      {inProgress(run.status) && can('run.manage') ? (
        <button type="button" className="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
          <Ban size={16} aria-hidden="true" />
          Cancel run
        </button>
      ) : null}
      {failed && can('run.manage') ? (
        <button type="button" className="button primary" onClick={() => retry.mutate()} disabled={retry.isPending}>
          <RotateCcw size={16} aria-hidden="true" />
          {retry.isPending ? 'Retrying…' : 'Retry from failed step'}
        </button>
      ) : null}
      {failed && run.workflowId !== null && can('run.test') ? (
        <button type="button" className="button" onClick={replayWithDraft} disabled={replay.isPending}>
          <Split size={16} aria-hidden="true" />
          Replay with draft
        </button>
      ) : null}
      {run.workflowId !== null ? (
        <Link className="button" to={workspacePath(tenant.id, `workflows/${run.workflowId}`)}>
          <PencilRuler size={16} aria-hidden="true" />
          Open in editor
        </Link>
      ) : null}
      {failure ? (
        <p className="field-message error" role="alert">
          {errorMessage(failure)}
        </p>
      ) : null}
    </div>
  );
}

/** A run's path on the definition it executed, its step timeline and the selected step's data. */
export function RunView({ run, definition, caption }: { run: RunDetail; definition: WorkflowDefinition; caption: string }) {
  const marks = useMemo(() => runPath(run.steps, definition), [run.steps, definition]);
  const names = useMemo(() => new Map(definition.nodes.map((node) => [node.id, node.name ?? node.id])), [definition]);
  const nameOf = (id: string) => names.get(id) ?? id;
  return (
    <ReadOnlyCanvas definition={definition} decorations={marks.nodes} edgeDecorations={marks.edges} statusCaption={caption} label={`${caption}: the path it took (read-only)`} minimap={false}>
      <div className="run-side">
        <h2>Steps</h2>
        <Timeline steps={run.steps} nameOf={nameOf} />
        <SelectedStep steps={run.steps} nameOf={nameOf} />
      </div>
    </ReadOnlyCanvas>
  );
}

/**
 * One run: the version it executed drawn read-only with the path it took, its steps in order with
 * attempts and durations, each step's input, output and error, the approval tasks it raised, and
 * what may be done with it. A run in progress moves on by itself.
 */
export function RunDetailPage() {
  const { runId = '' } = useParams();
  const { tenant } = useWorkspace();
  const run = useRun(tenant.id, runId);
  const definition = useRunDefinition(tenant.id, runId);
  const tasks = useRunTasks(tenant.id, runId, run.isSuccess);
  if (run.isPending || definition.isPending) return <LoadingState label="Loading the run…" />;
  if (run.isError) return <ErrorState title="The run could not be loaded" error={run.error} onRetry={() => void run.refetch()} />;
  if (definition.isError) return <ErrorState title="The run’s workflow could not be loaded" error={definition.error} onRetry={() => void definition.refetch()} />;
  const detail = run.data;
  const workflow = definition.data.definition as unknown as WorkflowDefinition;
  const duration = detail.finishedAt ? durationText(Date.parse(detail.finishedAt) - Date.parse(detail.createdAt)) : null;
  const failedStep = detail.error?.nodeId ? (workflow.nodes.find((node) => node.id === detail.error?.nodeId)?.name ?? detail.error.nodeId) : null;
  return (
    <section className="run-detail" aria-labelledby="run-title">
      <Link to={workspacePath(tenant.id, 'runs')}>← All runs</Link>
      <div className="run-header">
        <h1 id="run-title">Run of {workflow.name}</h1>
        <StatusChip status={detail.status} />
      </div>
      <dl className="run-facts">
        <div>
          <dt>Version</dt>
          <dd>{detail.workflowVersion === null ? 'draft (test run)' : detail.workflowVersion}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            <DateTime iso={detail.createdAt} />
          </dd>
        </div>
        <div>
          <dt>Took</dt>
          <dd>{duration ?? 'still going'}</dd>
        </div>
        <div>
          <dt>Started by</dt>
          <dd>{detail.initiatedBy ?? 'a trigger'}</dd>
        </div>
        <div>
          <dt>Run id</dt>
          <dd>
            <code>{detail.id}</code>
          </dd>
        </div>
      </dl>
      <RunActions run={detail} />
      {detail.error ? (
        <div className="run-error" role="alert">
          <strong>{failedStep ? `Failed at ${failedStep}: ` : 'Failed: '}</strong>
          {detail.error.message}
        </div>
      ) : null}
      <div className="run-body">
        <RunView run={detail} definition={workflow} caption="This run" />
      </div>
      {tasks.data ? <Tasks tasks={tasks.data} /> : null}
      <details>
        <summary>Input, parameters and output</summary>
        <JsonBlock label="Input" value={detail.input} />
        <JsonBlock label="Parameters" value={detail.params} />
        <JsonBlock label="Output" value={detail.output} />
      </details>
    </section>
  );
}
