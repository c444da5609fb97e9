import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nodeImplementations } from '../../../nodes/index.js';
import { IN_PORT, OUT_PORT, defineNode, defineNodeSpec, type JsonObject, type JsonValue, type NodeImplementation } from '../../../runtime/definition/index.js';
import { DryRun, VersionInvalidError, type RecordedRun, type RunImpact } from '../../../runtime/preview/index.js';
import { engineHarness, type EngineHarness } from '../../support/engine-harness.js';
import { workflow } from '../../support/definitions.js';
import { startHttpRecorder, type HttpRecorder } from '../../support/http-recorder.js';

let harness: EngineHarness;
let recorder: HttpRecorder;
const dryRuns: DryRun[] = [];

beforeEach(async () => {
  recorder = await startHttpRecorder();
  harness = engineHarness({ egressAllow: [recorder.baseUrl.replace('http://', '')] });
});
afterEach(async () => {
  for (const dryRun of dryRuns.splice(0)) await dryRun.close();
  await harness.close();
  await recorder.close();
});

type Definition = ReturnType<typeof workflow>;

/** Runs `definition` as version 1 of workflow `wf` once per input, to the end; answers the recordings, newest first. */
async function record(definition: Definition, inputs: readonly unknown[], settle?: (runId: string) => Promise<void>): Promise<RecordedRun[]> {
  const recorded: RecordedRun[] = [];
  for (const input of inputs) {
    const { runId } = await harness.engine.start({ definition, input, tenantId: 't1', workflowId: 'wf', workflowVersion: 1 });
    await settle?.(runId);
    await harness.until(runId, 'succeeded', 'failed');
    const trace = await harness.engine.trace(runId);
    if (!trace) throw new Error(`no trace of ${runId}`);
    recorded.unshift({ run: trace.run, steps: trace.steps });
  }
  return recorded;
}

/** Replays the recordings through `pending` (version 2) against `baseline` (version 1). */
async function replay(baseline: Definition, pending: Definition, recorded: readonly RecordedRun[], nodes: readonly NodeImplementation[] = nodeImplementations): Promise<RunImpact[]> {
  const dryRun = new DryRun({ nodes, pending: { definition: pending, version: 2 }, baseline: { definition: baseline, version: 1 } });
  dryRuns.push(dryRun);
  const impacts: RunImpact[] = [];
  for (const run of recorded) {
    const impact = await dryRun.replay(run, () => false);
    if (!impact) throw new Error('the replay stopped');
    impacts.push(impact);
  }
  return impacts;
}

/** start → big? (total > threshold) → true: priority / false: standard. */
function triage(threshold: number, priorityFields: JsonObject = { queue: 'priority' }): Definition {
  return workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      { id: 'big', type: 'logic.condition', config: { rule: { '>': [{ var: 'input.total' }, threshold] } } },
      { id: 'priority', type: 'data.transform', config: { keepInput: true, fields: priorityFields } },
      { id: 'standard', type: 'data.transform', config: { keepInput: true, fields: { queue: 'standard' } } },
    ],
    [
      ['start', 'out', 'big'],
      ['big', 'true', 'priority'],
      ['big', 'false', 'standard'],
    ],
  );
}

const orders = [{ total: 100 }, { total: 600 }, { total: 900 }];

describe('a dry run of recorded runs through another version', () => {
  it('finds every run the same when nothing changed', async () => {
    const recorded = await record(triage(500), orders);
    const impacts = await replay(triage(500), triage(500), recorded);
    expect(impacts.map((impact) => impact.outcome)).toEqual(['same', 'same', 'same']);
    expect(impacts.map((impact) => impact.runId)).toEqual(recorded.map((run) => run.run.id));
    expect(impacts[0]?.preview).toEqual(impacts[0]?.recorded);
  });

  it('reports the runs a changed condition sends down another branch, with both paths', async () => {
    const recorded = await record(triage(500), orders);
    const impacts = await replay(triage(500), triage(700), recorded);
    // Newest first: 900 stays priority, 600 moves to standard, 100 stays standard.
    expect(impacts.map((impact) => impact.outcome)).toEqual(['same', 'differentPath', 'same']);
    const moved = impacts[1];
    expect(moved?.recorded.path).toEqual([
      { nodeId: 'start', ports: ['out'] },
      { nodeId: 'big', ports: ['true'] },
      { nodeId: 'priority', ports: ['out'] },
    ]);
    expect(moved?.preview.path).toEqual([
      { nodeId: 'start', ports: ['out'] },
      { nodeId: 'big', ports: ['false'] },
      { nodeId: 'standard', ports: ['out'] },
    ]);
    expect(moved?.outputChanges).toEqual([{ path: 'output.queue', recorded: 'priority', preview: 'standard' }]);
  });

  it('reports a changed transform as a different output, with where it differs', async () => {
    const recorded = await record(triage(500), orders);
    const impacts = await replay(triage(500), triage(500, { queue: 'priority', sla: 4 }), recorded);
    expect(impacts.map((impact) => impact.outcome)).toEqual(['differentOutput', 'differentOutput', 'same']);
    expect(impacts[0]?.outputChanges).toEqual([{ path: 'output.sla', preview: 4 }]);
    expect(impacts[0]?.preview.output).toEqual({ total: 900, queue: 'priority', sla: 4 });
  });

  it('fails a run the pending version could not have started, and says why', async () => {
    const recorded = await record(triage(500), [{ total: 1 }]);
    const renamed = { ...triage(500), nodes: triage(500).nodes.map((node) => (node.id === 'start' ? { ...node, id: 'begin' } : node)) };
    renamed.edges = renamed.edges.map((edge) => (edge.source === 'start' ? { ...edge, source: 'begin' } : edge));
    const [impact] = await replay(triage(500), renamed, recorded);
    expect(impact?.outcome).toBe('failed');
    expect(impact?.preview.error).toEqual({ code: 'RUN_REQUEST', message: 'the run was started by the trigger "start", which version 2 does not have' });
  });

  it('takes a recorded param equal to the old default for the default, so a changed default applies', async () => {
    const withParam = (threshold: number) => ({ ...triage(0), params: [{ name: 'threshold', type: 'number' as const, default: threshold }] });
    const byParam = (threshold: number) => {
      const definition = withParam(threshold);
      definition.nodes[1] = { ...definition.nodes[1], config: { rule: { '>': [{ var: 'input.total' }, { var: 'params.threshold' }] } } } as Definition['nodes'][number];
      return definition;
    };
    const recorded = await record(byParam(500), orders);
    const impacts = await replay(byParam(500), byParam(700), recorded);
    expect(impacts.map((impact) => impact.outcome)).toEqual(['same', 'differentPath', 'same']);
  });

  it('refuses a version that no longer validates, naming it', () => {
    const unknownType = workflow([{ id: 'start', type: 'trigger.manual' }, { id: 'gone', type: 'legacy.node' }], [['start', 'out', 'gone']]);
    expect(() => new DryRun({ nodes: nodeImplementations, pending: { definition: unknownType, version: 4 }, baseline: { definition: triage(1), version: 3 } })).toThrow(VersionInvalidError);
    expect(() => new DryRun({ nodes: nodeImplementations, pending: { definition: unknownType, version: 4 }, baseline: { definition: triage(1), version: 3 } })).toThrow(/^version 4 cannot run on this Flowgate: the workflow is not valid/);
  });

  it('reports a run it was stopped in as not previewed', async () => {
    const recorded = await record(triage(500), [{ total: 1 }]);
    const dryRun = new DryRun({ nodes: nodeImplementations, pending: { definition: triage(500), version: 2 }, baseline: { definition: triage(500), version: 1 } });
    dryRuns.push(dryRun);
    expect(await dryRun.replay(recorded[0] as RecordedRun, () => true)).toBeUndefined();
  });
});

/** start → shape → charge (POST to the recorder) → done. */
function charging(url: string, body: JsonValue = { var: 'input' }): Definition {
  return workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      { id: 'shape', type: 'data.transform', config: { fields: { orderId: { var: 'input.id' }, amount: { var: 'input.total' } } } },
      { id: 'charge', type: 'connector.http', config: { method: 'POST', url, bodyType: 'json', body } },
      { id: 'done', type: 'data.transform', config: { fields: { charged: { var: 'input.body.id' }, status: { var: 'input.status' } } } },
    ],
    [
      ['start', 'out', 'shape'],
      ['shape', 'out', 'charge'],
      ['charge', 'out', 'done'],
    ],
  );
}

describe('side effects and waits in a dry run', () => {
  it('never executes a node with side effects: unchanged, its recorded result is replayed; changed, it says what it would send', async () => {
    const url = `${recorder.baseUrl}/orders/42`;
    const recorded = await record(charging(url), [{ id: 'SO-1', total: 5 }, { id: 'SO-2', total: 7 }]);
    expect(recorder.requests).toHaveLength(2);
    recorder.requests.length = 0;

    const unchanged = await replay(charging(url), charging(url), recorded);
    expect(unchanged.map((impact) => impact.outcome)).toEqual(['same', 'same']);
    expect(unchanged[0]?.sideEffects).toEqual([
      expect.objectContaining({ nodeId: 'charge', nodeType: 'connector.http', title: 'HTTP request', replayed: true }),
    ]);
    expect(unchanged[0]?.sideEffectsChanged).toBe(false);

    const changedBody = await replay(charging(url), charging(url, { cat: ['order ', { var: 'input.orderId' }] }), recorded);
    const [newest] = changedBody;
    expect(newest?.sideEffectsChanged).toBe(true);
    expect(newest?.sideEffects[0]).toMatchObject({
      replayed: false,
      description: `would call POST ${url} with "order SO-2"; the recorded run sent something else, so the preview follows its recorded result ("out")`,
      request: { method: 'POST', url, bodyType: 'json', body: 'order SO-2' },
    });
    // It follows the recorded answer, so path and output are those of the recording.
    expect(newest?.outcome).toBe('same');
    expect(recorder.requests).toEqual([]);
  });

  it('continues a side effect the recorded run never reached on its first port, with no data', async () => {
    const url = `${recorder.baseUrl}/orders/7`;
    const plain = workflow([{ id: 'start', type: 'trigger.manual' }, { id: 'shape', type: 'data.transform', config: { fields: { id: { var: 'input.id' } } } }], [['start', 'out', 'shape']]);
    const recorded = await record(plain, [{ id: 'SO-9' }]);
    const withCall = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'shape', type: 'data.transform', config: { fields: { id: { var: 'input.id' } } } },
        { id: 'notify', type: 'connector.http', config: { method: 'POST', url: `${url}?key=secret-key`, bodyType: 'json', body: { var: 'input' } } },
      ],
      [
        ['start', 'out', 'shape'],
        ['shape', 'out', 'notify'],
      ],
    );
    const [impact] = await replay(plain, withCall, recorded);
    expect(impact?.outcome).toBe('differentPath');
    expect(impact?.preview.path.at(-1)).toEqual({ nodeId: 'notify', ports: ['out'] });
    expect(impact?.preview.output).toBeNull();
    // The description leaves the query string out (it may carry a key); the request has it all.
    expect(impact?.sideEffects[0]?.description).toBe(`would call POST ${url} with {"id":"SO-9"}; the recorded run never did, so the preview continues on "out" with no data`);
    expect(recorder.requests).toEqual([]);
  });

  it('replays a recorded failure on the error port', async () => {
    const failing = (status: number) =>
      workflow(
        [
          { id: 'start', type: 'trigger.manual' },
          { id: 'call', type: 'connector.http', config: { method: 'GET', url: `${recorder.baseUrl}/status/${status}` } },
          { id: 'handled', type: 'data.transform', config: { fields: { failed: { var: 'input.code' } } } },
        ],
        [
          ['start', 'out', 'call'],
          ['call', 'error', 'handled'],
        ],
      );
    const recorded = await record(failing(404), [{}]);
    recorder.requests.length = 0;
    const [impact] = await replay(failing(404), failing(404), recorded);
    expect(impact?.outcome).toBe('same');
    expect(impact?.preview.path).toEqual([
      { nodeId: 'start', ports: ['out'] },
      { nodeId: 'call', ports: ['error'] },
      { nodeId: 'handled', ports: ['out'] },
    ]);
    expect(impact?.preview.output).toEqual({ failed: 'HTTP_STATUS' });
    expect(recorder.requests).toEqual([]);
  });

  it('replays a recorded approval and runs what was added after the gate', async () => {
    const gate = { id: 'gate', type: 'human.approval', config: { title: { cat: ['Refund ', { var: 'input.id' }] }, approverRoles: ['approver'] } };
    const v1 = workflow(
      [{ id: 'start', type: 'trigger.manual' }, gate, { id: 'done', type: 'data.transform', config: { fields: { refunded: true } } }],
      [
        ['start', 'out', 'gate'],
        ['gate', 'approved', 'done'],
      ],
    );
    const v2 = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        gate,
        { id: 'done', type: 'data.transform', config: { fields: { refunded: true } } },
        { id: 'stamp', type: 'data.transform', config: { keepInput: true, fields: { by: 'v2' } } },
      ],
      [
        ['start', 'out', 'gate'],
        ['gate', 'approved', 'done'],
        ['done', 'out', 'stamp'],
      ],
    );
    const decide = async (runId: string) => {
      await harness.until(runId, 'waiting');
      const task = harness.tasksOpened.find((opened) => opened.runId === runId);
      await harness.engine.decide(task?.id ?? '', { decision: 'approve', actor: { id: 'ann', roles: ['approver'] } });
    };
    const recorded = await record(v1, [{ id: 'R-1' }], decide);
    const [impact] = await replay(v1, v2, recorded);
    expect(impact?.outcome).toBe('differentPath');
    expect(impact?.preview.path.map((step) => step.nodeId)).toEqual(['start', 'gate', 'done', 'stamp']);
    expect(impact?.preview.output).toEqual({ refunded: true, by: 'v2' });
    expect(impact?.sideEffects).toEqual([
      expect.objectContaining({
        nodeId: 'gate',
        nodeType: 'human.approval',
        replayed: true,
        description: 'would open the approval task "Refund R-1" for approvers; unchanged from the recorded run, so the preview follows its recorded result ("approved")',
      }),
    ]);
    expect(harness.tasksOpened).toHaveLength(1);
  });

  it('stands in for a new approval with its first port, and lets a timer go on with its input', async () => {
    const recorded = await record(triage(500), [{ total: 900 }]);
    const gated = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'pause', type: 'flow.delay', config: { mode: 'duration', seconds: 600 } },
        { id: 'gate', type: 'human.approval', config: { title: 'Check', approverRoles: ['approver'] } },
        { id: 'after', type: 'data.transform', config: { fields: { decided: { var: 'input' } } } },
      ],
      [
        ['start', 'out', 'pause'],
        ['pause', 'out', 'gate'],
        ['gate', 'approved', 'after'],
      ],
    );
    const [impact] = await replay(triage(500), gated, recorded);
    expect(impact?.preview.path).toEqual([
      { nodeId: 'start', ports: ['out'] },
      { nodeId: 'pause', ports: ['out'] },
      { nodeId: 'gate', ports: ['approved'] },
      { nodeId: 'after', ports: ['out'] },
    ]);
    expect(impact?.preview.output).toEqual({ decided: null });
    const startedAt = recorded[0]?.run.startedAt ?? 0;
    expect(impact?.sideEffects.map((standIn) => standIn.description)).toEqual([
      `would wait until ${new Date(startedAt + 600_000).toISOString()}; the recorded run never did, and the preview continues on "out" with its input, as the timer would`,
      'would open the approval task "Check" for approvers; the recorded run never did, so the preview continues on "approved" with no data',
    ]);
    expect(harness.tasksOpened).toEqual([]);
  });

  it('recognises a wait by what a node returns, whatever its type', async () => {
    const recorded = await record(triage(500), [{ total: 900 }]);
    const listener = defineNode(
      defineNodeSpec({
        type: 'test.listen',
        version: 1,
        title: 'Listen',
        description: 'Waits for an event (a node type the preview has never heard of).',
        category: 'flow',
        icon: 'ear',
        ports: { inputs: [IN_PORT], outputs: [{ name: 'heard', label: 'Heard' }, OUT_PORT] },
        config: z.strictObject({}),
        sideEffects: false,
      }),
      () => ({ wait: { kind: 'event', correlationKey: 'order-1', timeoutAt: null } }),
    );
    const listening = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'listen', type: 'test.listen' },
      ],
      [['start', 'out', 'listen']],
    );
    const [impact] = await replay(triage(500), listening, recorded, [...nodeImplementations, listener]);
    expect(impact?.preview.path.at(-1)).toEqual({ nodeId: 'listen', ports: ['heard'] });
    expect(impact?.sideEffects[0]).toMatchObject({ nodeType: 'test.listen', replayed: false, request: { kind: 'event', correlationKey: 'order-1', timeoutAt: null } });
  });

  it('refuses the network to any node that reaches for it, without a request leaving', async () => {
    const recorded = await record(triage(500), [{ total: 900 }]);
    const sneaky = defineNode(
      defineNodeSpec({
        type: 'test.sneaky',
        version: 1,
        title: 'Sneaky',
        description: 'Claims no side effects, then calls out.',
        category: 'data',
        icon: 'ghost',
        ports: { inputs: [IN_PORT], outputs: [OUT_PORT] },
        config: z.strictObject({}),
        sideEffects: false,
      }),
      async (ctx) => ({ output: (await ctx.http(`${recorder.baseUrl}/orders/1`, { method: 'GET' })).status }),
    );
    const definition = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'sneak', type: 'test.sneaky' },
      ],
      [['start', 'out', 'sneak']],
    );
    const [impact] = await replay(triage(500), definition, recorded, [...nodeImplementations, sneaky]);
    expect(impact?.outcome).toBe('failed');
    expect(impact?.preview.error).toMatchObject({
      code: 'DRY_RUN_NETWORK',
      nodeId: 'sneak',
      message: `the impact preview makes no network calls; the request to ${recorder.baseUrl}/orders/1 was not sent`,
    });
    expect(recorder.requests).toEqual([]);
  });
});
