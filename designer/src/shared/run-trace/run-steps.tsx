import type { RunStep } from '../../app/api-types.js';
import { StatusChip } from './status-chip.js';

/** Whether a step is one of several runs of its node (its iteration is worth showing). */
export function repeated(step: RunStep): boolean {
  return step.iteration !== '' && step.iteration !== '0';
}

/**
 * A run's steps in the order they ran, each with its node's name and status; choosing one selects
 * its node (`onSelect`), which `selectedId` marks. For a test run, a run's page, an approval's trace.
 */
export function RunSteps({ steps, nameOf, selectedId, onSelect }: { steps: readonly RunStep[]; nameOf: (id: string) => string; selectedId: string | null; onSelect: (nodeId: string) => void }) {
  return (
    <ol className="step-list" aria-label="Steps">
      {steps.map((step) => (
        <li key={`${step.nodeId}:${step.iteration}`} data-node-id={step.nodeId} data-status={step.status} className={step.nodeId === selectedId ? 'selected' : undefined}>
          <button type="button" className="step-button" aria-pressed={step.nodeId === selectedId} onClick={() => onSelect(step.nodeId)}>
            <span className="step-name">
              {nameOf(step.nodeId)}
              {repeated(step) ? <span className="muted"> [{step.iteration}]</span> : null}
            </span>
            <StatusChip status={step.status} />
          </button>
        </li>
      ))}
    </ol>
  );
}
