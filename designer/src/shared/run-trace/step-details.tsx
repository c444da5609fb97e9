import type { RunStep } from '../../app/api-types.js';
import { JsonBlock } from './json-block.js';
import { repeated } from './run-steps.js';
import { StatusChip } from './status-chip.js';

function duration(step: RunStep): string | null {
  if (!step.startedAt || !step.finishedAt) return null;
  const ms = Date.parse(step.finishedAt) - Date.parse(step.startedAt);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The selected node in a run: one block per iteration with status, attempts, ports, duration, input, output and error. */
export function StepDetails({ nodeId, name, steps }: { nodeId: string | null; name: string | null; steps: readonly RunStep[] }) {
  if (nodeId === null) return <p className="muted small">Select a node (on the canvas or above) to see its input and output in this run.</p>;
  return (
    <section className="node-run-details" aria-label={`${name ?? nodeId} in this run`} data-testid="node-run-details">
      <h4>{name}</h4>
      {steps.length === 0 ? <p className="muted small">This node did not run in this run.</p> : null}
      {steps.map((step) => (
        <div key={step.iteration} className="node-run-step">
          <dl className="step-facts">
            <dt>Status</dt>
            <dd>
              <StatusChip status={step.status} />
            </dd>
            {repeated(step) ? (
              <>
                <dt>Iteration</dt>
                <dd>{step.iteration}</dd>
              </>
            ) : null}
            <dt>Attempts</dt>
            <dd data-testid="step-attempts">{step.attempt}</dd>
            {step.ports.length > 0 ? (
              <>
                <dt>Output port</dt>
                <dd>{step.ports.join(', ')}</dd>
              </>
            ) : null}
            {duration(step) ? (
              <>
                <dt>Duration</dt>
                <dd>{duration(step)}</dd>
              </>
            ) : null}
          </dl>
          {step.error ? (
            <div className="run-error" role="alert">
              {'truncated' in step.error ? (
                <>
                  The error is too large to show here ({step.error.bytes.toLocaleString('en-GB')} bytes): {step.error.preview}…
                </>
              ) : (
                <>
                  {step.error.message} <span className="muted">({step.error.code})</span>
                </>
              )}
            </div>
          ) : null}
          {step.status !== 'skipped' ? <JsonBlock label="Input" value={step.input} /> : null}
          {step.status === 'succeeded' || step.output !== null ? <JsonBlock label="Output" value={step.output} /> : null}
        </div>
      ))}
    </section>
  );
}
