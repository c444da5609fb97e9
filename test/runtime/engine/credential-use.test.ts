import { afterEach, describe, expect, it } from 'vitest';
import { NodeExecutionError, type CredentialUse, type TenantSecretStore } from '../../../runtime/definition/index.js';
import { engineHarness, waitFixture, type EngineHarness } from '../../support/engine-harness.js';

/** What the engine asked the credential store. */
interface Asked extends CredentialUse {
  readonly tenantId: string;
  readonly credentialId: string;
}

const asked: Asked[] = [];

/** Records each request and refuses it, so no HTTP request follows. */
const refusingStore: TenantSecretStore = {
  get(tenantId, credentialId, use) {
    asked.push({ tenantId, credentialId, ...use });
    return Promise.reject(new NodeExecutionError(`the test store refuses "${credentialId}"`, { code: 'TEST_REFUSED' }));
  },
};

/** A workflow whose one step calls an API with the credential `erp`. */
function callsWithCredential(name: string): Record<string, unknown> {
  return {
    schemaVersion: 1,
    name,
    params: [],
    settings: {},
    nodes: [
      { id: 'start', type: 'trigger.manual', version: 1, name: 'Start', position: { x: 0, y: 0 }, config: {} },
      { id: 'call', type: 'connector.http', version: 1, name: 'Call', position: { x: 240, y: 0 }, config: { url: `https://erp.example.com/${name}?page=1`, credential: 'erp' } },
    ],
    edges: [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'call', targetPort: 'in' }],
  };
}

let harness: EngineHarness;
afterEach(async () => {
  asked.length = 0;
  await harness.close();
});

function harnessWithBodies(): EngineHarness {
  return engineHarness({
    secrets: refusingStore,
    adjust: (workflowId, definition) => (workflowId === 'compute-price' || workflowId === 'escalate-failure' ? callsWithCredential(workflowId) : definition),
  });
}

describe('the engine tells the credential store where a credential goes and whether the run is a draft', () => {
  it('a run of no version (a test of a draft) and its sub-workflow child are drafts; the store refusal is the step error', async () => {
    harness = harnessWithBodies();
    const run = await harness.engine.execute({ definition: waitFixture('subworkflow'), input: { order: { qty: 1, unitPrice: 2 } }, tenantId: 'acme' });
    const settled = await harness.until(run.id, 'failed');
    expect(asked).toEqual([{ tenantId: 'acme', credentialId: 'erp', url: 'https://erp.example.com/compute-price?page=1', draft: true }]);
    const [child] = await harness.store.listChildRuns(run.id);
    expect(child?.trigger).toMatchObject({ type: 'subworkflow', draft: true });
    expect(child?.error).toMatchObject({ code: 'TEST_REFUSED', message: 'the test store refuses "erp"', nodeId: 'call' });
    expect(settled.status).toBe('failed');
  });

  it('a run of an approved version and its child are not', async () => {
    harness = harnessWithBodies();
    const run = await harness.engine.execute({ definition: waitFixture('subworkflow'), input: { order: { qty: 1, unitPrice: 2 } }, workflowId: 'price-order', workflowVersion: 3 });
    await harness.until(run.id, 'failed');
    expect(asked.map((use) => use.draft)).toEqual([false]);
    const [child] = await harness.store.listChildRuns(run.id);
    expect((child?.trigger as { draft?: unknown }).draft).toBeUndefined();
  });

  it.each([
    [null, true],
    [2, false],
  ])('the error workflow of a failed run of version %s inherits draft: %s', async (workflowVersion, draft) => {
    harness = harnessWithBodies();
    const failed = await harness.engine.execute({ definition: waitFixture('fails'), params: { baseUrl: 'http://127.0.0.1:18080' }, workflowId: 'fails', workflowVersion });
    expect(failed.error).toMatchObject({ code: 'EGRESS_BLOCKED' });
    const deadline = Date.now() + 5_000;
    while (asked.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(asked).toEqual([{ tenantId: 'local', credentialId: 'erp', url: 'https://erp.example.com/escalate-failure?page=1', draft }]);
  });
});
