import { Play } from 'lucide-react';
import { Suspense, lazy, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ApiError, api } from '../../app/api-client.js';
import { useDraftSaver } from '../save/draft-saver-context.js';
import { useEditorStore, useEditorStoreApi } from '../store/editor-context.js';
import type { EditorState } from '../store/editor-store.js';
import { ParamForm } from '../../shared/params/param-form.js';
import { initialEntries, paramValues, type ParamEntries } from '../../shared/params/param-values.js';
import { JsonBlock } from '../../shared/run-trace/json-block.js';
import { RunSteps } from '../../shared/run-trace/run-steps.js';
import { StatusChip } from '../../shared/run-trace/status-chip.js';
import { StepDetails } from '../../shared/run-trace/step-details.js';
import { useSampleInput } from './sample-input.js';
import { TestRunGate } from './test-run-gate.js';
import { isSettled, useTestRunQuery } from './use-test-run.js';
import './test-run.css';

const SampleInputEditor = lazy(() => import('./sample-input-editor.js'));

/** A refusal to start: the message and, for an invalid draft, each problem (a node's problem selects it). */
interface StartFailure {
  readonly message: string;
  readonly problems: readonly { path: string; message: string }[];
}

/** Every node's id and name, as one string (equal while no node is added, removed or renamed). */
function nodeNamesKey(state: EditorState): string {
  return state.nodes.map((node) => `${node.id}\t${node.data.name.replace(/[\t\n]/g, ' ')}`).join('\n');
}

const selectParams = (state: EditorState) => state.meta.params;

function selectedNodeId(state: EditorState): string | null {
  return state.nodes.find((node) => node.selected)?.id ?? null;
}

/**
 * Test runs of the draft: a sample input (JSON, remembered per workflow), Run (saving first when
 * needed), the run's status, error and output while the canvas shows each node's status live, the
 * steps in order, and the selected node's input, output, error and attempts in this run.
 */
export function TestRunPanel() {
  const store = useEditorStoreApi();
  const saver = useDraftSaver();
  const { tenantId, workflowId, run, setRun, selectNode } = useEditorStore(
    useShallow((state) => ({ tenantId: state.tenantId, workflowId: state.workflowId, run: state.run, setRun: state.setRun, selectNode: state.selectNode })),
  );
  // Primitive selections, so dragging nodes around does not re-render the panel.
  const namesKey = useEditorStore(nodeNamesKey);
  const selectedId = useEditorStore(selectedNodeId);
  const sample = useSampleInput(tenantId, workflowId);
  const [starting, setStarting] = useState(false);
  const [failure, setFailure] = useState<StartFailure | null>(null);
  const params = useEditorStore(selectParams);
  // What was typed per param; a param added to the draft meanwhile starts at its default.
  const [typed, setTyped] = useState<ParamEntries>({});
  const entries = useMemo(() => ({ ...initialEntries(params), ...typed }), [params, typed]);
  const [paramErrors, setParamErrors] = useState<Readonly<Record<string, string>>>({});
  const poll = useTestRunQuery();

  const names = useMemo(() => new Map(namesKey.split('\n').map((line) => line.split('\t') as [string, string])), [namesKey]);
  const nameOf = (id: string) => names.get(id) ?? id;

  const start = async () => {
    if (sample.parsed === undefined) return;
    const checked = paramValues(params, entries);
    setParamErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return;
    setStarting(true);
    setFailure(null);
    try {
      if (saver.hasUnsavedChanges()) {
        let status = await saver.flushSave();
        if (status === 'dirty') status = await saver.flushSave();
        if (status === 'conflict') {
          setFailure({ message: 'Resolve the save conflict first: a test run runs the saved draft.', problems: [] });
          return;
        }
        if (status === 'error') {
          setFailure({ message: `The draft could not be saved, so it was not run: ${store.getState().saveError ?? 'unknown error'}`, problems: [] });
          return;
        }
      }
      const { runId } = await api<{ runId: string }>('POST', `/api/v1/tenants/${tenantId}/workflows/${workflowId}/test-runs`, { input: sample.parsed, params: checked.values });
      setRun({ id: runId, status: 'queued', output: null, error: null, steps: [] });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'WORKFLOW_INVALID') {
        setFailure({ message: 'The draft has problems to fix before it can run:', problems: error.details });
      } else if (error instanceof ApiError) setFailure({ message: error.message, problems: error.details });
      else setFailure({ message: 'The server could not be reached.', problems: [] });
    } finally {
      setStarting(false);
    }
  };

  /** The node a problem's path points into (`nodes[2].config.fields`), as the draft was saved. */
  const nodeOfPath = (path: string) => {
    const index = /^nodes\[(\d+)\]/.exec(path)?.[1];
    return index === undefined ? undefined : store.getState().nodes[Number(index)];
  };

  const running = run !== null && !isSettled(run);
  const selectedSteps = run && selectedId ? run.steps.filter((step) => step.nodeId === selectedId) : [];

  return (
    <section className="test-run-panel" aria-label="Test run">
      <div className="test-run-input">
        <label className="field-label" htmlFor="sample-input-editor">
          Sample input
        </label>
        <div id="sample-input-editor" className="sample-input-editor" data-testid="sample-input">
          <Suspense fallback={<p aria-busy="true">Loading editor…</p>}>
            <SampleInputEditor value={sample.text} onChange={sample.setText} path={`sample-input/${tenantId}/${workflowId}.json`} />
          </Suspense>
        </div>
        {sample.error ? (
          <p role="alert" className="error small">
            The sample input is not valid JSON: {sample.error}
          </p>
        ) : null}
        <ParamForm params={params} entries={entries} errors={paramErrors} onChange={setTyped} disabled={starting || running} />
        <div className="test-run-actions">
          <button type="button" className="button primary" onClick={() => void start()} disabled={starting || running || sample.parsed === undefined}>
            <Play size={14} aria-hidden="true" /> {starting ? 'Starting…' : 'Run test'}
          </button>
          {sample.custom ? (
            <button type="button" className="button subtle" onClick={sample.reset} title="Use the manual trigger's sample input, or {}">
              Reset input
            </button>
          ) : null}
          {run && !running ? (
            <button type="button" className="button subtle" onClick={() => setRun(null)}>
              Clear results
            </button>
          ) : null}
        </div>
      </div>

      {failure ? (
        <div role="alert" className="test-run-failure">
          <p className="error">{failure.message}</p>
          {failure.problems.length > 0 ? (
            <ul className="problem-list" aria-label="Problems that stop the test run">
              {failure.problems.map((problem) => {
                const node = nodeOfPath(problem.path);
                return (
                  <li key={`${problem.path}:${problem.message}`}>
                    {node ? (
                      <button type="button" className="link" onClick={() => selectNode(node.id)}>
                        {node.data.name}
                      </button>
                    ) : null}
                    {node ? ': ' : ''}
                    {problem.message} <code className="muted">{problem.path}</code>
                  </li>
                );
              })}
            </ul>
          ) : null}
        </div>
      ) : null}

      {run ? (
        <div className="test-run-result" data-testid="test-run-result">
          <h3 className="run-heading">
            Run <StatusChip status={run.status} />
            <span className="muted run-id" title={run.id}>
              {run.steps.length} step{run.steps.length === 1 ? '' : 's'}
            </span>
          </h3>
          {poll.error ? (
            <p role="alert" className="error small">
              The run could not be read: {poll.error.message}
            </p>
          ) : null}
          {run.error ? (
            <div className="run-error" role="alert">
              <strong>{run.error.nodeId ? `${nameOf(run.error.nodeId)}: ` : ''}</strong>
              {run.error.message} <span className="muted">({run.error.code})</span>
            </div>
          ) : null}
          {run.status === 'waiting' ? <TestRunGate key={run.steps.length} tenantId={tenantId} runId={run.id} /> : null}
          {run.status === 'succeeded' || run.output !== null ? <JsonBlock label="Run output" value={run.output} /> : null}

          <h4>Steps</h4>
          {run.steps.length === 0 ? <p className="muted small">{running ? 'Starting…' : 'No step ran.'}</p> : null}
          <RunSteps steps={run.steps} nameOf={nameOf} selectedId={selectedId} onSelect={selectNode} />

          <StepDetails nodeId={selectedId} name={selectedId ? nameOf(selectedId) : null} steps={selectedSteps} />
        </div>
      ) : (
        <p className="muted small test-run-hint">Run the draft with the sample input to see each node's status on the canvas, and its input and output here.</p>
      )}
    </section>
  );
}
