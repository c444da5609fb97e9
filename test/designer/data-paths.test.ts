import { describe, expect, it } from 'vitest';
import type { RunStep } from '../../designer/src/app/api-types.js';
import { dataPathCandidates, upstreamOf } from '../../designer/src/editor/model/data-paths.js';

const edges = [
  { source: 'received', target: 'lookup' },
  { source: 'lookup', target: 'big' },
  { source: 'big', target: 'notify' },
  { source: 'other', target: 'notify' },
];

function step(nodeId: string, input: unknown, output: unknown): RunStep {
  return { nodeId, iteration: '', seq: 0, status: 'succeeded', attempt: 1, ports: ['out'], input, output, error: null, startedAt: null, finishedAt: null };
}

const paths = (candidates: readonly { path: string }[]) => candidates.map((candidate) => candidate.path);

describe('data-path completion candidates', () => {
  it('finds the upstream nodes along edges, nearest first, never the node itself or those after it', () => {
    expect(upstreamOf('big', edges)).toEqual(['lookup', 'received']);
    expect(upstreamOf('notify', edges)).toEqual(['big', 'other', 'lookup', 'received']);
    expect(upstreamOf('received', edges)).toEqual([]);
  });

  it('offers the roots without a test run: input, upstream node ids, declared params, run fields', () => {
    const candidates = dataPathCandidates({ nodeId: 'big', edges, params: [{ name: 'reviewThreshold', type: 'number' }], run: null });
    expect(paths(candidates).slice(0, 4)).toEqual(['input', 'nodes.lookup', 'nodes.received', 'params.reviewThreshold']);
    expect(paths(candidates)).toContain('run.trigger.method');
    expect(paths(candidates)).not.toContain('nodes.notify');
    expect(candidates.find((candidate) => candidate.path === 'params.reviewThreshold')?.detail).toBe('param (number)');
  });

  it('offers the paths inside the last test run: the node\'s input and upstream outputs, with samples', () => {
    const run = {
      steps: [
        step('received', null, { orderId: 'A-1', total: 620, lines: [{ sku: 'X', qty: 2 }], __proto__x: 1 }),
        step('lookup', { orderId: 'A-1' }, { status: 200, body: { customer: { tier: 'gold' } } }),
        step('big', { orderId: 'A-1', total: 620 }, { orderId: 'A-1', total: 620 }),
      ],
    };
    const candidates = dataPathCandidates({ nodeId: 'big', edges, params: [], run });
    const found = paths(candidates);
    expect(found).toEqual(expect.arrayContaining(['input', 'input.orderId', 'input.total', 'nodes.lookup.body.customer.tier', 'nodes.received.lines.0.sku']));
    expect(found).not.toContain('nodes.big');
    expect(candidates.find((candidate) => candidate.path === 'input.total')).toEqual({ path: 'input.total', detail: 'number in the last test run', sample: '620' });
    expect(candidates.find((candidate) => candidate.path === 'nodes.received.lines')?.detail).toBe('list of 1 in the last test run');
  });

  it('leaves out keys a data path cannot reach and keeps huge outputs bounded', () => {
    const wide = Object.fromEntries(Array.from({ length: 1000 }, (_, index) => [`k${index}`, index]));
    const run = { steps: [step('received', null, { ...wide, 'a.b': 1, constructor: 2 })] };
    const found = paths(dataPathCandidates({ nodeId: 'lookup', edges, params: [], run })).filter((path) => path.startsWith('nodes.received'));
    expect(found.length).toBe(200);
    expect(found).not.toContain('nodes.received.a.b');
    expect(found).not.toContain('nodes.received.constructor');
  });
});

describe('dataPathCandidates with answer schemas (imported API operations)', () => {
  const schema = { type: 'object', properties: { value: { type: 'array', items: { type: 'object', properties: { number: { type: 'string', description: 'Order number' }, constructor: { type: 'string' } } } } } };
  const schemas = new Map<string, unknown>([['lookup', schema]]);

  it('offers the fields of an upstream answer schema before any test run', () => {
    const found = dataPathCandidates({ nodeId: 'big', edges, params: [], run: null, outputSchemas: schemas });
    expect(found.filter((candidate) => candidate.path.startsWith('nodes.lookup')).map((candidate) => [candidate.path, candidate.detail])).toEqual([
      ['nodes.lookup', "object in the API's answer"],
      ['nodes.lookup.value', "array in the API's answer"],
      ['nodes.lookup.value.0', "object in the API's answer"],
      ['nodes.lookup.value.0.number', "string in the API's answer: Order number"],
    ]);
  });

  it('prefers what the last test run saw', () => {
    const found = dataPathCandidates({ nodeId: 'big', edges, params: [], run: { steps: [step('lookup', {}, { total: 3 })] }, outputSchemas: schemas });
    expect(found.filter((candidate) => candidate.path.startsWith('nodes.lookup')).map((candidate) => candidate.path)).toEqual(['nodes.lookup', 'nodes.lookup.total']);
  });
});
