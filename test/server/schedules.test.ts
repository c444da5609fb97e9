import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { workflow } from '../support/definitions.js';
import { DEMO, startServerHarness, type ServerHarness } from '../support/server-harness.js';
import { createActiveWorkflow, type Governance } from '../support/workflow-lifecycle.js';

interface RunItem {
  id: string;
  status: string;
  workflowVersion: number | null;
  input: { scheduledAt: string };
  createdAt: string;
}

const opened: ServerHarness[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const server of opened.splice(0)) await server.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startServerHarness>[0] = {}): Promise<ServerHarness> {
  const server = await startServerHarness(options);
  opened.push(server);
  return server;
}

async function governanceOf(server: ServerHarness): Promise<Governance> {
  return { tenantId: server.tenants.customer, designer: await server.signIn(DEMO.consultant), approver: await server.signIn(DEMO.approver) };
}

/** Every second, Berlin time, then one transform. */
function everySecond(missedFires: 'skip' | 'runOnce') {
  return workflow(
    [
      { id: 'tick', type: 'trigger.schedule', config: { cron: '* * * * * *', timeZone: 'Europe/Berlin', missedFires } },
      { id: 'note', type: 'data.transform', config: { fields: { at: { var: 'input.scheduledAt' } } } },
    ],
    [['tick', 'out', 'note']],
  );
}

/** The workflow's runs with their inputs: the list answers summaries, each detail the input. */
async function runsOf(governance: Governance, workflowId: string): Promise<RunItem[]> {
  const response = await governance.designer.request<{ items: { id: string }[] }>('GET', `/api/v1/tenants/${governance.tenantId}/runs?workflowId=${workflowId}&limit=200`);
  expect(response.status, response.text).toBe(200);
  const details: RunItem[] = [];
  for (const { id } of response.body.items) {
    const detail = await governance.designer.request<RunItem>('GET', `/api/v1/tenants/${governance.tenantId}/runs/${id}`);
    expect(detail.status, detail.text).toBe(200);
    details.push(detail.body);
  }
  return details;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('schedule triggers', () => {
  it('fire runs of the active version, each with its own scheduled second, and stop when archived', async () => {
    const server = await start();
    const governance = await governanceOf(server);
    const workflowId = await createActiveWorkflow(governance, 'Every second', everySecond('skip'));
    const runs = await waitFor('two scheduled runs', async () => {
      const items = await runsOf(governance, workflowId);
      return items.filter((run) => run.status === 'succeeded').length >= 2 ? items : undefined;
    });
    const times = runs.map((run) => run.input.scheduledAt);
    expect(new Set(times).size).toBe(times.length);
    for (const time of times) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(runs.every((run) => run.workflowVersion === 1)).toBe(true);

    await server.app.store.flush();
    const stored = await server.app.store.getRun(runs[0]?.id ?? '');
    expect(stored?.trigger).toMatchObject({ type: 'schedule', cron: '* * * * * *', timeZone: 'Europe/Berlin' });

    expect((await governance.designer.request('POST', `/api/v1/tenants/${governance.tenantId}/workflows/${workflowId}/archive`)).status).toBe(200);
    await sleep(300);
    const afterArchive = (await runsOf(governance, workflowId)).length;
    await sleep(2_200);
    expect(await runsOf(governance, workflowId)).toHaveLength(afterArchive);
  });

  it('do not fire for a draft that was never activated', async () => {
    const server = await start();
    const governance = await governanceOf(server);
    const created = await governance.designer.request<{ id: string }>('POST', `/api/v1/tenants/${governance.tenantId}/workflows`, { name: 'Draft only', definition: everySecond('runOnce') });
    expect(created.status).toBe(201);
    await sleep(2_200);
    expect(await runsOf(governance, created.body.id)).toEqual([]);
  });

  it('after downtime start exactly one catch-up run with missedFires=runOnce, and none with skip', async () => {
    const first = await start({ keepDataDir: true });
    dirs.push(first.dataDir);
    const governance = await governanceOf(first);
    const runOnce = await createActiveWorkflow(governance, 'Catch up once', everySecond('runOnce'));
    const skip = await createActiveWorkflow(governance, 'Skip missed', everySecond('skip'));
    for (const workflowId of [runOnce, skip]) {
      await waitFor('a first scheduled run', async () => ((await runsOf(governance, workflowId)).length > 0 ? true : undefined));
    }
    await first.close();
    opened.splice(opened.indexOf(first), 1);
    const stoppedAt = Date.now();

    await sleep(3_000);

    const restartedAt = Date.now();
    const second = await start({ dataDir: first.dataDir });
    const again = await governanceOf(second);
    expect(second.tenants.customer).toBe(governance.tenantId);
    await sleep(1_500);

    const catchUps = async (workflowId: string) =>
      (await runsOf(again, workflowId)).filter((run) => Date.parse(run.createdAt) >= restartedAt && Date.parse(run.input.scheduledAt) < restartedAt);
    const [caughtUp] = await waitFor('the catch-up run', async () => {
      const found = await catchUps(runOnce);
      return found.length > 0 ? found : undefined;
    });
    expect(await catchUps(runOnce)).toHaveLength(1);
    expect(Date.parse(caughtUp?.input.scheduledAt ?? '')).toBeGreaterThan(stoppedAt - 1_500);
    expect(await catchUps(skip)).toEqual([]);

    // Nothing ran while the server was down, and both schedules fire again after the restart.
    for (const workflowId of [runOnce, skip]) {
      const runs = await runsOf(again, workflowId);
      expect(runs.filter((run) => Date.parse(run.createdAt) > stoppedAt && Date.parse(run.createdAt) < restartedAt)).toEqual([]);
      expect(runs.some((run) => Date.parse(run.input.scheduledAt) >= restartedAt)).toBe(true);
    }
  });
});
