import { describe, expect, it } from 'vitest';
import type { RunStep } from '../../designer/src/app/api-types.js';
import { durationText, runPath, stepDuration } from '../../designer/src/runs/detail/run-path.js';

const edges = [
  { id: 'e1', source: 'start', sourcePort: 'out' },
  { id: 'e2', source: 'check', sourcePort: 'true' },
  { id: 'e3', source: 'check', sourcePort: 'false' },
  { id: 'e4', source: 'call', sourcePort: 'out' },
  { id: 'e5', source: 'call', sourcePort: 'error' },
];

let seq = 0;
function step(nodeId: string, status: RunStep['status'], ports: string[] = [], extra: Partial<RunStep> = {}): RunStep {
  return { nodeId, iteration: '0', seq: seq++, status, attempt: 1, ports, input: null, output: null, error: null, startedAt: null, finishedAt: null, ...extra };
}

describe('a run path on the canvas', () => {
  it('marks each node with its status and the connections that carried data', () => {
    const path = runPath([step('start', 'succeeded', ['out']), step('check', 'succeeded', ['true']), step('call', 'failed'), step('other', 'skipped')], edges);
    expect(Object.fromEntries([...path.nodes].map(([id, mark]) => [id, mark.status]))).toEqual({ start: 'succeeded', check: 'succeeded', call: 'failed', other: 'skipped' });
    expect([...path.edges.keys()]).toEqual(['e1', 'e2']);
  });

  it('shows the latest attempt of a step, and the status that says most over iterations', () => {
    const retried = runPath([step('call', 'failed'), step('call', 'succeeded', ['out'], { attempt: 2 })], edges);
    expect(retried.nodes.get('call')?.status).toBe('succeeded');
    expect([...retried.edges.keys()]).toEqual(['e4']);
    const items = runPath([step('call', 'succeeded', ['out'], { iteration: '0' }), step('call', 'waiting', [], { iteration: '1' }), step('call', 'failed', ['error'], { iteration: '2' })], edges);
    expect(items.nodes.get('call')?.status).toBe('waiting');
    expect([...items.edges.keys()]).toEqual(['e4', 'e5']);
  });

  it('says how long a step took, or has waited so far', () => {
    expect(stepDuration({ startedAt: '2026-12-05T10:00:00.000Z', finishedAt: '2026-12-05T10:00:00.240Z' }, 0)).toBe('240 ms');
    expect(stepDuration({ startedAt: '2026-12-05T10:00:00.000Z', finishedAt: null }, Date.parse('2026-12-05T10:02:05.000Z'))).toBe('2 min 5 s');
    expect(stepDuration({ startedAt: null, finishedAt: null }, 0)).toBeNull();
    expect(durationText(3400)).toBe('3.4 s');
    expect(durationText(3 * 3600_000 + 10 * 60_000)).toBe('3 h 10 min');
  });
});
