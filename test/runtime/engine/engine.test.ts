import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine, RunRequestError, WorkflowInvalidError, definitionHash } from '../../../runtime/engine/index.js';
import { SqliteRunStore } from '../../../runtime/store/index.js';
import { workflow } from '../../support/definitions.js';
import { tempDir } from '../../support/temp-dir.js';
import { observe, testNodes, type Observations } from '../../support/test-nodes.js';

let dir: ReturnType<typeof tempDir>;
let dbPath: string;
let store: SqliteRunStore;
let observations: Observations;
let engine: Engine;

beforeEach(() => {
  dir = tempDir();
  dbPath = join(dir.path, 'runs.db');
  store = SqliteRunStore.open(dbPath);
  observations = observe();
  engine = new Engine({
    store,
    nodes: testNodes(observations),
    secrets: { get: () => Promise.resolve({ type: 'bearer', token: 'sk_live_51HzSECRET' }) },
  });
});

afterEach(async () => {
  await store.close();
  dir.remove();
});

const effectChain = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'prepare', type: 'data.transform', config: { fields: { orderId: { var: 'input.id' } } } },
    { id: 'charge', type: 'test.effect' },
    { id: 'notify', type: 'test.effect' },
  ],
  [
    ['start', 'out', 'prepare'],
    ['prepare', 'out', 'charge'],
    ['charge', 'out', 'notify'],
  ],
);

function misbehaving(mode: string, routeErrors = false) {
  const start = { id: 'start', type: 'trigger.manual' };
  const odd = { id: 'odd', type: 'test.misbehave', config: { mode } };
  if (!routeErrors) return workflow([start, odd], [['start', 'out', 'odd']]);
  const handled = { id: 'handled', type: 'data.transform', config: { fields: { code: { var: 'input.code' }, message: { var: 'input.message' } } } };
  return workflow(
    [start, odd, handled],
    [
      ['start', 'out', 'odd'],
      ['odd', 'error', 'handled'],
    ],
  );
}

describe('durability', () => {
  it('commits everything before a side effect starts, including the step marked running', async () => {
    const seen: { committed: string[]; attempt: number }[] = [];
    const reader = new Database(dbPath, { readonly: true });
    observations.onEffect = (ctx) => {
      const rows = reader.prepare('SELECT node_id, status FROM steps WHERE run_id = ? ORDER BY seq').all(ctx.runId) as {
        node_id: string;
        status: string;
      }[];
      seen.push({ committed: rows.map((row) => `${row.node_id}:${row.status}`), attempt: ctx.attempt });
    };
    const run = await engine.execute({ definition: effectChain, input: { id: 'SO-1' } });
    reader.close();
    expect(run.status).toBe('succeeded');
    expect(seen).toEqual([
      { committed: ['start:succeeded', 'prepare:succeeded', 'charge:running'], attempt: 1 },
      { committed: ['start:succeeded', 'prepare:succeeded', 'charge:succeeded', 'notify:running'], attempt: 1 },
    ]);
    expect(observations.effects.map((effect) => effect.key)).toEqual([`${run.id}:charge:0`, `${run.id}:notify:0`]);
  });

  it('resumes an interrupted run: finished steps are not repeated, the started one runs again with the same key', async () => {
    const hash = definitionHash(effectChain);
    store.saveDefinition(hash, effectChain);
    const runId = '01900000-0000-7000-8000-000000000001';
    store.createRun({
      id: runId,
      tenantId: 'local',
      workflowId: null,
      workflowVersion: null,
      definitionHash: hash,
      triggerNodeId: 'start',
      status: 'running',
      inputJson: '{"id":"SO-7"}',
      paramsJson: '{}',
      triggerJson: null,
      parentRunId: null,
      parentNodeId: null,
      parentIndex: null,
      initiatedBy: null,
      createdAt: Date.now(),
      startedAt: Date.now(),
    });
    const step = { runId, iteration: '0', errorJson: null, waitKind: null, waitJson: null, startedAt: Date.now() };
    store.writeStep({ ...step, nodeId: 'start', seq: 0, status: 'succeeded', attempt: 1, ports: ['out'], inputJson: '{"id":"SO-7"}', outputJson: '{"id":"SO-7"}', finishedAt: Date.now() });
    store.writeStep({ ...step, nodeId: 'prepare', seq: 1, status: 'succeeded', attempt: 1, ports: ['out'], inputJson: '{"id":"SO-7"}', outputJson: '{"orderId":"SO-7"}', finishedAt: Date.now() });
    store.writeStep({ ...step, nodeId: 'charge', seq: 2, status: 'running', attempt: 1, ports: [], inputJson: '{"orderId":"SO-7"}', outputJson: null, finishedAt: null });

    await store.flush();
    expect(await engine.recover()).toBe(1);
    const run = await engine.resume(runId);
    expect(run).toMatchObject({ status: 'succeeded', output: { orderId: 'SO-7' } });
    expect(observations.effects).toEqual([
      { key: `${runId}:charge:0`, attempt: 2 },
      { key: `${runId}:notify:0`, attempt: 1 },
    ]);
    const steps = await store.listSteps(runId);
    expect(steps.map((s) => `${s.nodeId}:${s.status}:${s.attempt}`)).toEqual([
      'start:succeeded:1',
      'prepare:succeeded:1',
      'charge:succeeded:2',
      'notify:succeeded:1',
    ]);
  });

  it('on shutdown lets the running step finish and be recorded, and another engine finishes the run', async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    observations.onEffect = async (ctx) => {
      if (ctx.nodeId !== 'charge') return;
      entered();
      await blocked;
    };
    const handle = await engine.start({ definition: effectChain, input: { id: 'SO-2' } });
    await inside;
    const stopped = engine.shutdown();
    release();
    await stopped;
    expect((await handle.settled).status).toBe('running');
    const steps = await store.listSteps(handle.runId);
    expect(steps.map((step) => `${step.nodeId}:${step.status}`)).toEqual(['start:succeeded', 'prepare:succeeded', 'charge:succeeded']);

    const restarted = new Engine({ store, nodes: testNodes(observations) });
    expect(await restarted.recover()).toBe(1);
    expect(await restarted.resume(handle.runId)).toMatchObject({ status: 'succeeded' });
    expect(observations.effects.map((effect) => effect.key)).toEqual([`${handle.runId}:charge:0`, `${handle.runId}:notify:0`]);
  });
});

describe('steps', () => {
  it('runs parallel branches concurrently and merges them', async () => {
    const fork = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'a', type: 'test.wait', config: { ms: 60 } },
        { id: 'b', type: 'test.wait', config: { ms: 60 } },
        { id: 'join', type: 'data.merge', config: { mode: 'byNode' } },
      ],
      [
        ['start', 'out', 'a'],
        ['start', 'out', 'b'],
        ['a', 'out', 'join'],
        ['b', 'out', 'join'],
      ],
    );
    const run = await engine.execute({ definition: fork, input: { n: 1 } });
    expect(run).toMatchObject({ status: 'succeeded', output: { a: { n: 1 }, b: { n: 1 } } });
    expect(observations.maxConcurrent).toBe(2);
  });

  it('aborts a step at its timeout and fails the run with the node and attempt', async () => {
    const slow = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'slow', type: 'test.wait', config: { ms: 10_000 }, timeoutMs: 50 },
      ],
      [['start', 'out', 'slow']],
    );
    const run = await engine.execute({ definition: slow });
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'TIMEOUT', nodeId: 'slow', attempt: 1, message: 'node "slow" did not finish within 50 ms' });
    expect(observations.aborted).toBe(true);
  });

  it.each([
    ['badPort', 'BAD_PORT', 'node "odd" chose the port "sideways", which it does not have'],
    ['errorPort', 'BAD_PORT', 'node "odd" chose the port "error", which it does not have'],
    ['map', 'INVALID_OUTPUT', 'the output of node "odd" is not valid JSON data at lookup: a Map is not plain JSON data'],
    ['nan', 'INVALID_OUTPUT', 'the output of node "odd" is not valid JSON data at ratio: NaN is not a JSON number'],
    ['throwNodeError', 'ERP_REFUSED', 'the ERP refused the order'],
  ])('fails a node that returns %s with a clear error', async (mode, code, message) => {
    const run = await engine.execute({ definition: misbehaving(mode) });
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code, message, nodeId: 'odd' });
  });

  it('routes a failure to the error port with its details as the output', async () => {
    const run = await engine.execute({ definition: misbehaving('throwNodeError', true) });
    expect(run).toMatchObject({ status: 'succeeded', output: { code: 'ERP_REFUSED', message: 'the ERP refused the order' } });
    const steps = await store.listSteps(run.id);
    expect(steps.find((step) => step.nodeId === 'odd')).toMatchObject({
      status: 'failed',
      ports: ['error'],
      output: { code: 'ERP_REFUSED', details: { reason: 'credit hold' }, nodeId: 'odd', attempt: 1 },
    });
  });

  it('redacts secret values from outputs and errors', async () => {
    const leaked = await engine.execute({ definition: misbehaving('leakSecret') });
    expect(leaked.output).toEqual({ header: 'Bearer [redacted]', note: 'ok' });
    const thrown = await engine.execute({ definition: misbehaving('throwSecret') });
    expect(thrown.error?.message).toBe('login failed for token [redacted]');
    const reader = new Database(dbPath, { readonly: true });
    const rows = reader.prepare("SELECT count(*) AS n FROM steps WHERE output LIKE '%sk_live%' OR error LIKE '%sk_live%'").get() as { n: number };
    reader.close();
    expect(rows.n).toBe(0);
  });

  it('fails with a config error when an expression evaluates to the wrong type', async () => {
    const typed = (amount: unknown) =>
      workflow(
        [
          { id: 'start', type: 'trigger.manual' },
          { id: 'typed', type: 'test.typed', config: { amount } as never },
        ],
        [['start', 'out', 'typed']],
      );
    expect(await engine.execute({ definition: typed({ '*': [{ var: 'input.qty' }, 2] }), input: { qty: 4 } })).toMatchObject({
      status: 'succeeded',
      output: { amount: 8 },
    });
    const wrong = await engine.execute({ definition: typed({ var: 'input.name' }), input: { name: 'x' } });
    expect(wrong.error).toMatchObject({ code: 'CONFIG', nodeId: 'typed' });
    expect(wrong.error?.message).toMatch(/^config\.amount: .*expected number.* \(after evaluating expressions\)$/);
  });

  it('fails a step whose expression reaches for a forbidden path computed at run time', async () => {
    const sneaky = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'map', type: 'data.transform', config: { fields: { x: { var: { cat: ['input.__pro', 'to__'] } } } } },
      ],
      [['start', 'out', 'map']],
    );
    const run = await engine.execute({ definition: sneaky, input: {} });
    expect(run.error).toMatchObject({ code: 'EXPRESSION', nodeId: 'map' });
    expect(run.error?.message).toContain('"__proto__", which is not allowed');
  });

  it('gives expressions the run context: input, upstream nodes, params and run metadata', async () => {
    const context = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        {
          id: 'look',
          type: 'data.transform',
          config: {
            fields: {
              input: { var: 'input.sku' },
              fromNode: { var: 'nodes.start.sku' },
              param: { var: 'params.region' },
              runId: { var: 'run.id' },
              trigger: { var: 'run.trigger.source' },
            },
          },
        },
      ],
      [['start', 'out', 'look']],
      { params: [{ name: 'region', type: 'string', default: 'eu' }] },
    );
    const run = await engine.execute({ definition: context, input: { sku: 'A-1' }, trigger: { source: 'test' } });
    expect(run.output).toEqual({ input: 'A-1', fromNode: 'A-1', param: 'eu', runId: run.id, trigger: 'test' });
  });

  it('refuses a param value outside its choices, naming them', async () => {
    const choice = workflow([{ id: 'start', type: 'trigger.manual' }], [], { params: [{ name: 'region', type: 'string', enum: ['eu', 'us'], default: 'eu' }] });
    await expect(engine.start({ definition: choice, params: { region: 'apac' } })).rejects.toThrow('param "region" must be one of "eu", "us", got "apac"');
    const run = await engine.execute({ definition: choice, params: { region: 'us' } });
    expect(run.params).toEqual({ region: 'us' });
  });

  it('outputs an object keyed by node id when several branches end the run', async () => {
    const twoEnds = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'left', type: 'data.transform', config: { fields: { side: 'left' } } },
        { id: 'right', type: 'data.transform', config: { fields: { side: 'right' } } },
      ],
      [
        ['start', 'out', 'left'],
        ['start', 'out', 'right'],
      ],
    );
    const run = await engine.execute({ definition: twoEnds });
    expect(run.output).toEqual({ left: { side: 'left' }, right: { side: 'right' } });
  });
});

describe('starting runs', () => {
  const twoTriggers = workflow(
    [
      { id: 'manual', type: 'trigger.manual' },
      { id: 'hook', type: 'trigger.webhook', config: { path: 'orders' } },
      { id: 'tag', type: 'data.transform', config: { fields: { via: { var: 'run.triggerNodeId' } } } },
    ],
    [
      ['manual', 'out', 'tag'],
      ['hook', 'out', 'tag'],
    ],
  );

  it('starts from the chosen trigger and skips the others', async () => {
    const run = await engine.execute({ definition: twoTriggers, triggerNodeId: 'hook' });
    expect(run.output).toEqual({ via: 'hook' });
    const steps = await store.listSteps(run.id);
    expect(steps.map((step) => `${step.nodeId}:${step.status}`)).toEqual(['manual:skipped', 'hook:succeeded', 'tag:succeeded']);
  });

  it('refuses bad requests before creating a run', async () => {
    await expect(engine.start({ definition: twoTriggers, triggerNodeId: 'tag' })).rejects.toThrow(RunRequestError);
    await expect(engine.start({ definition: twoTriggers, input: { at: new Map() } })).rejects.toThrow(
      'the run input is not valid JSON data at at: a Map is not plain JSON data',
    );
    const small = new Engine({ store, nodes: testNodes(observations), limits: { maxPayloadBytes: 10 } });
    await expect(small.start({ definition: twoTriggers, input: { text: 'more than ten bytes' } })).rejects.toThrow(
      'the run input is larger than 10 bytes',
    );
    const invalid = { ...twoTriggers, edges: [...twoTriggers.edges, { id: 'loop', source: 'tag', sourcePort: 'out', target: 'tag', targetPort: 'in' }] };
    const error: unknown = await engine.start({ definition: invalid }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkflowInvalidError);
    expect((error as WorkflowInvalidError).problems.map((problem) => problem.code)).toEqual(['cycle']);
    expect(await store.listRunIdsByStatus('running')).toEqual([]);
  });

  it('keeps the full trace: every step with its input and output, in order', async () => {
    const run = await engine.execute({ definition: effectChain, input: { id: 'SO-3' } });
    const trace = await engine.trace(run.id);
    expect(trace?.steps.map((step) => [step.nodeId, step.status, step.input, step.output])).toEqual([
      ['start', 'succeeded', { id: 'SO-3' }, { id: 'SO-3' }],
      ['prepare', 'succeeded', { id: 'SO-3' }, { orderId: 'SO-3' }],
      ['charge', 'succeeded', { orderId: 'SO-3' }, { orderId: 'SO-3' }],
      ['notify', 'succeeded', { orderId: 'SO-3' }, { orderId: 'SO-3' }],
    ]);
  });
});

describe('per-tenant limit', () => {
  it('refuses a run beyond the tenant limit with a clear error; waiting runs and other tenants do not count', async () => {
    const limited = new Engine({ store, nodes: testNodes(observations), limits: { maxActiveRunsPerTenant: 1 } });
    let release: () => void = () => undefined;
    observations.onEffect = () => new Promise<void>((resolve) => (release = resolve));
    const first = await limited.start({ definition: effectChain, tenantId: 'acme', input: { id: 'A' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(limited.start({ definition: effectChain, tenantId: 'acme', input: { id: 'B' } })).rejects.toThrow(
      'this workspace already has 1 runs executing; try again shortly',
    );
    const other = await limited.start({ definition: workflow([{ id: 'start', type: 'trigger.manual' }], []), tenantId: 'globex' });
    expect((await other.settled).status).toBe('succeeded');
    observations.onEffect = undefined;
    release();
    expect((await first.settled).status).toBe('succeeded');
    const again = await limited.execute({ definition: workflow([{ id: 'start', type: 'trigger.manual' }], []), tenantId: 'acme' });
    expect(again.status).toBe('succeeded');
  });
});
