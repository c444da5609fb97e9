import { describe, expect, it } from 'vitest';
import type { RunTrace, RunStep } from '../../designer/src/app/api-types.js';
import { edgeRunState, nodeStatuses } from '../../designer/src/editor/model/run-status.js';

function step(nodeId: string, status: RunStep['status'], iteration = ''): RunStep {
  return { nodeId, iteration, seq: 0, status, attempt: 1, ports: [], input: null, output: null, error: null, startedAt: null, finishedAt: null };
}

describe('nodeStatuses', () => {
  it('gives each node its step status, the most telling one across iterations', () => {
    const run: RunTrace = {
      id: 'r1',
      status: 'failed',
      output: null,
      error: null,
      steps: [step('a', 'succeeded'), step('b', 'skipped'), step('each', 'succeeded', '0'), step('each', 'failed', '1'), step('each', 'succeeded', '2')],
    };
    const statuses = nodeStatuses(run);
    expect(Object.fromEntries(statuses)).toEqual({ a: 'succeeded', b: 'skipped', each: 'failed' });
    expect(nodeStatuses(run)).toBe(statuses);
  });
});

describe('edgeRunState', () => {
  it('marks the edges a run sent data along, and those it did not, once their source finished', () => {
    const run: RunTrace = {
      id: 'r2',
      status: 'running',
      output: null,
      error: null,
      steps: [{ ...step('check', 'succeeded'), ports: ['true'] }, step('skipped', 'skipped'), step('slow', 'running')],
    };
    expect(edgeRunState(run, { source: 'check', sourceHandle: 'true' })).toBe('taken');
    expect(edgeRunState(run, { source: 'check', sourceHandle: 'false' })).toBe('not-taken');
    expect(edgeRunState(run, { source: 'skipped', sourceHandle: 'out' })).toBe('not-taken');
    expect(edgeRunState(run, { source: 'slow', sourceHandle: 'out' })).toBeUndefined();
    expect(edgeRunState(run, { source: 'never', sourceHandle: 'out' })).toBeUndefined();
  });
});
