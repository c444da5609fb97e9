import type { RunStep } from '../../app/api-types.js';
import { DateTime } from '../../app/date-time.js';
import { repeated } from '../../shared/run-trace/run-steps.js';
import { StatusChip } from '../../shared/run-trace/status-chip.js';
import { stepDuration } from './run-path.js';

/** "took 240 ms", "waiting for 3 min 2 s", "running for 1.2 s". */
function timing(step: RunStep, now: number): string | null {
  const duration = stepDuration(step, now);
  if (duration === null) return null;
  if (step.status === 'waiting') return `waiting for ${duration}`;
  if (step.status === 'running') return `running for ${duration}`;
  return `took ${duration}`;
}

/**
 * A run's steps in the order they ran: node, iteration, status, attempt, when it started and how
 * long it took or has waited. Choosing one selects its node on the canvas.
 */
export function RunTimeline({ steps, nameOf, selectedId, onSelect, now }: { steps: readonly RunStep[]; nameOf: (id: string) => string; selectedId: string | null; onSelect: (nodeId: string) => void; now: number }) {
  if (steps.length === 0) return <p className="muted small">No step has run yet.</p>;
  return (
    <ol className="run-timeline" aria-label="Step timeline">
      {steps.map((step) => (
        <li key={step.seq} data-node-id={step.nodeId} data-status={step.status} className={step.nodeId === selectedId ? 'selected' : undefined}>
          <button type="button" className="timeline-step" aria-pressed={step.nodeId === selectedId} onClick={() => onSelect(step.nodeId)}>
            <span className="timeline-head">
              <span className="step-name">
                {nameOf(step.nodeId)}
                {repeated(step) ? <span className="muted"> [{step.iteration}]</span> : null}
              </span>
              <StatusChip status={step.status} />
            </span>
            <span className="timeline-facts muted small">
              {step.attempt > 1 ? <span data-testid="timeline-attempt">attempt {step.attempt}</span> : null}
              {step.startedAt ? <DateTime iso={step.startedAt} /> : null}
              {timing(step, now) ? <span>{timing(step, now)}</span> : null}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
