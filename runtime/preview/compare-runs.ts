import { formatPath, type PathSegment } from '../definition/index.js';
import type { StepRecord } from '../store/index.js';
import type { ImpactOutcome, OutputChange, PathStep, RunResult } from './dry-run-result.js';

/** Differences listed per run; a changed list of thousands of items says no more with all of them. */
export const MAX_OUTPUT_CHANGES = 50;

/** The nodes that ran, in recorded order, with the ports their results took. */
export function pathOf(steps: readonly StepRecord[]): PathStep[] {
  return steps.filter((step) => step.status !== 'skipped' && step.iteration === '0').map((step) => ({ nodeId: step.nodeId, ports: [...step.ports] }));
}

/** How the preview compares with the recording (see {@link ImpactOutcome}), and where their results differ. */
export function compareRuns(recorded: RunResult, preview: RunResult): { outcome: ImpactOutcome; changes: OutputChange[]; more: boolean } {
  const changes: OutputChange[] = [];
  collectChanges({ output: recorded.output, response: recorded.response }, { output: preview.output, response: preview.response }, [], changes);
  const more = changes.length > MAX_OUTPUT_CHANGES;
  if (more) changes.length = MAX_OUTPUT_CHANGES;
  return { outcome: outcomeOf(recorded, preview, changes.length > 0), changes, more };
}

function outcomeOf(recorded: RunResult, preview: RunResult, outputsDiffer: boolean): ImpactOutcome {
  const failedAlike = recorded.status === 'failed' && recorded.error?.code === preview.error?.code && recorded.error?.nodeId === preview.error?.nodeId;
  if (preview.status === 'failed' && !failedAlike) return 'failed';
  if (!samePath(recorded.path, preview.path)) return 'differentPath';
  return outputsDiffer || recorded.status !== preview.status ? 'differentOutput' : 'same';
}

/**
 * Whether the same nodes ran and took the same ports. The order is not compared: parallel
 * branches may interleave differently from one run to the next without meaning anything.
 */
function samePath(a: readonly PathStep[], b: readonly PathStep[]): boolean {
  if (a.length !== b.length) return false;
  const ports = new Map(a.map((step) => [step.nodeId, portsKey(step)]));
  return b.every((step) => ports.get(step.nodeId) === portsKey(step));
}

function portsKey(step: PathStep): string {
  return [...step.ports].sort().join('\n');
}

/** Appends the differences between two values, one more than {@link MAX_OUTPUT_CHANGES} at most (to tell that there are more). */
function collectChanges(recorded: unknown, preview: unknown, path: PathSegment[], changes: OutputChange[]): void {
  if (changes.length > MAX_OUTPUT_CHANGES || recorded === preview) return;
  if (isRecord(recorded) && isRecord(preview)) {
    for (const key of [...new Set([...Object.keys(recorded), ...Object.keys(preview)])].sort()) {
      path.push(key);
      if (!Object.hasOwn(preview, key)) changes.push({ path: formatPath(path), recorded: recorded[key] });
      else if (!Object.hasOwn(recorded, key)) changes.push({ path: formatPath(path), preview: preview[key] });
      else collectChanges(recorded[key], preview[key], path, changes);
      path.pop();
      if (changes.length > MAX_OUTPUT_CHANGES) return;
    }
    return;
  }
  if (Array.isArray(recorded) && Array.isArray(preview)) {
    for (let index = 0; index < Math.max(recorded.length, preview.length); index++) {
      path.push(index);
      if (index >= preview.length) changes.push({ path: formatPath(path), recorded: recorded[index] as unknown });
      else if (index >= recorded.length) changes.push({ path: formatPath(path), preview: preview[index] as unknown });
      else collectChanges(recorded[index], preview[index], path, changes);
      path.pop();
      if (changes.length > MAX_OUTPUT_CHANGES) return;
    }
    return;
  }
  changes.push({ path: formatPath(path), recorded, preview });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
