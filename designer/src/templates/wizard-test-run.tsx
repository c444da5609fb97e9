import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError } from '../app/api-client.js';
import type { RunDetail } from '../app/api-types.js';
import { isSettled } from '../editor/test-run/use-test-run.js';

/** How often the test run is read while it runs. */
const POLL_INTERVAL_MS = 400;

/**
 * The wizard's test run of the new draft: one of the template's sample inputs (editable), the run
 * started against the connections chosen, and its outcome step by step — a failure shown as it is.
 */
export function WizardTestRun({ tenantId, workflowId, samples, stepNames }: { tenantId: string; workflowId: string; samples: Readonly<Record<string, unknown>>; stepNames: ReadonlyMap<string, string> }) {
  const id = useId();
  const names = Object.keys(samples);
  const [sample, setSample] = useState(names[0] ?? '');
  const [text, setText] = useState(JSON.stringify(samples[names[0] ?? ''] ?? {}, null, 2));
  const [runId, setRunId] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const run = useQuery({
    queryKey: ['wizard-test-run', tenantId, runId],
    queryFn: () => api<RunDetail>('GET', `/api/v1/tenants/${tenantId}/runs/${runId ?? ''}?stepsLimit=500`),
    enabled: runId !== null,
    refetchInterval: (query) => (query.state.data && isSettled(query.state.data) ? false : POLL_INTERVAL_MS),
  });
  const choose = (name: string) => {
    setSample(name);
    setText(JSON.stringify(samples[name] ?? {}, null, 2));
  };
  const start = async () => {
    setFailure(null);
    let input: unknown;
    try {
      input = JSON.parse(text) as unknown;
    } catch {
      setFailure('The input is not valid JSON.');
      return;
    }
    setStarting(true);
    try {
      const started = await api<{ runId: string }>('POST', `/api/v1/tenants/${tenantId}/workflows/${workflowId}/test-runs`, { input, params: {} });
      setRunId(started.runId);
    } catch (error) {
      setFailure(error instanceof ApiError ? [error.message, ...error.details.map((detail) => `${detail.path}: ${detail.message}`)].join(' — ') : 'The server could not be reached.');
    } finally {
      setStarting(false);
    }
  };
  const detail = run.data;
  return (
    <div className="wizard-field">
      {names.length > 0 ? (
        <label className="wizard-field">
          Sample input
          <select value={sample} onChange={(event) => choose(event.target.value)}>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="wizard-field" htmlFor={`${id}-input`}>
        Input (JSON)
      </label>
      <textarea id={`${id}-input`} className="param-json" rows={8} spellCheck={false} value={text} onChange={(event) => setText(event.target.value)} />
      <div className="wizard-actions">
        <button type="button" className="button" onClick={() => void start()} disabled={starting || (detail !== undefined && !isSettled(detail))}>
          {starting ? 'Starting…' : 'Run test'}
        </button>
      </div>
      {failure ? (
        <p role="alert" className="error">
          The test run did not start: {failure}
        </p>
      ) : null}
      {runId !== null ? (
        <div role="status" aria-live="polite">
          {detail ? (
            <>
              <p>
                Test run <strong>{detail.status}</strong>
                {detail.error ? `: ${detail.error.message}` : ''} — <Link to={`/t/${tenantId}/runs/${runId}`}>open the run</Link>
              </p>
              <ul className="wizard-steps-result" aria-label="Steps of the test run">
                {detail.steps.map((step) => (
                  <li key={`${step.nodeId}:${step.iteration}`}>
                    {stepNames.get(step.nodeId) ?? step.nodeId}: {step.status}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>Starting the test run…</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
