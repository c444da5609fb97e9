import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeImplementations } from '../../nodes/index.js';
import type { RunImpact } from '../../runtime/preview/index.js';
import type { RunStore } from '../../runtime/store/index.js';
import { DomainError } from '../../server/domain/domain-error.js';
import { ImpactReportBuilder } from '../../server/routes/impact-report.js';
import { ImpactPreviewService } from '../../server/services/impact-preview.js';
import { PreviewGate } from '../../server/services/preview-gate.js';
import { createWorkflow, expectError, expectOk, submitApproveActivate, waitForRun } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../support/server-harness.js';

let server: ServerHarness;
let designer: ApiClient;
let approver: ApiClient;
let tenant: string;
let workflowId: string;

const sorting = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'sort', type: 'data.transform', config: { fields: { priority: { if: [{ '>': [{ var: 'input.total' }, 500] }, 'high', 'normal'] } } } },
  ],
  [['start', 'out', 'sort']],
);

beforeAll(async () => {
  server = await startServerHarness();
  tenant = server.tenants.customer;
  designer = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  workflowId = (await createWorkflow(designer, tenant, 'Sorting', sorting)).id;
  await submitApproveActivate(designer, approver, tenant, workflowId);
  for (const total of [100, 200, 300, 400]) {
    const { runId } = expectOk(await designer.request<{ runId: string }>('POST', `/api/v1/tenants/${tenant}/workflows/${workflowId}/runs`, { input: { total } }), 201);
    await waitForRun(designer, tenant, runId, ['succeeded']);
  }
});
afterAll(() => server.close());

/** `store`, whose first `getRun` waits until `release()`: `reading` resolves once it has been asked. */
function holdFirstRunRead(store: RunStore): { store: RunStore; reading: Promise<void>; release: () => void } {
  let reached = () => {};
  let release = () => {};
  const reading = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  const getRun = async (runId: string) => {
    if (!held) {
      held = true;
      reached();
      await released;
    }
    return store.getRun(runId);
  };
  return { store: new Proxy(store, { get: (target, key) => (key === 'getRun' ? getRun : (Reflect.get(target, key) as unknown)) }), reading, release };
}

describe('the impact preview is bounded', () => {
  it('reports the runs its time budget left no time for as not previewed', async () => {
    // Time advances one unit per previewed run, so a budget of 2 has room for exactly two.
    let clock = 0;
    const service = new ImpactPreviewService(server.app.store, server.app.workflows, nodeImplementations, { timeBudgetMs: 2, now: () => clock });
    const report = new ImpactReportBuilder(tenant);
    const totals = await service.preview(tenant, workflowId, 1, 50, (impact) => {
      clock++;
      report.add(impact);
    });
    expect(totals).toEqual({ version: 1, baselineVersion: 1, sampled: 4, previewed: 2 });
    expect(report.answer(totals)).toMatchObject({ sampled: 4, notPreviewed: 2, truncated: true, summary: { same: 2 } });
  });

  it('runs one preview per workspace at a time, and frees its place when it ends', async () => {
    // The first preview is held while it reads its first run, so the second asks while it runs, whatever the store's speed.
    const held = holdFirstRunRead(server.app.store);
    const service = new ImpactPreviewService(held.store, server.app.workflows, nodeImplementations);
    const seen: RunImpact[] = [];
    const first = service.preview(tenant, workflowId, 1, 1, (impact) => seen.push(impact));
    await Promise.race([held.reading, first]);
    const refusal = await service.preview(tenant, workflowId, 1, 1, () => undefined).catch((error: unknown) => error);
    held.release();
    expect((await first).previewed).toBe(1);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ kind: 'busy', code: 'PREVIEW_BUSY', message: 'another impact preview is running (one per workspace at a time); try again in a few seconds' });
    expect(seen).toHaveLength(1);
    expect((await service.preview(tenant, workflowId, 1, 1, () => undefined)).previewed).toBe(1);
  });

  it('lets a few previews run at once in all', () => {
    const gate = new PreviewGate(2);
    const first = gate.tryEnter('a');
    expect(gate.tryEnter('a')).toBeUndefined();
    const second = gate.tryEnter('b');
    expect(second).toBeDefined();
    expect(gate.tryEnter('c')).toBeUndefined();
    first?.();
    first?.();
    expect(gate.tryEnter('c')).toBeDefined();
    expect(gate.tryEnter('a')).toBeUndefined();
  });

  it('answers 422 naming the version that no longer runs on this Flowgate, and frees its place', async () => {
    // A version stored before a node type was retired: it passed validation when it was submitted.
    const retired = workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'old', type: 'legacy.enrich' },
      ],
      [['start', 'out', 'old']],
    );
    (await server.app.sql.run(`INSERT INTO workflow_versions (workflow_id, version, tenant_id, definition, definition_hash, note, status, author_id, created_at)
        VALUES (?, 2, ?, ?, 'legacy', '', 'pending', ?, ?)`, [workflowId, tenant, JSON.stringify(retired), designer.userId, Date.now()]));
    const base = `/api/v1/tenants/${tenant}/workflows/${workflowId}/versions`;
    const error = expectError(await approver.request('POST', `${base}/2/impact`, {}), 422, 'WORKFLOW_INVALID');
    expect(error.message).toMatch(/^version 2 cannot run on this Flowgate: the workflow is not valid: nodes\[1\]\.type: /);
    expect(error.details[0]?.path).toBe('nodes[1].type');
    expectOk(await approver.request('POST', `${base}/1/impact`, {}));
  });
});
