import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeWorkflow, createWorkflow, expectError, expectOk, waitForRun } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

/**
 * The Settings pages' server work: each customer's status at a glance, the workflows that use a
 * credential, and the policy that wants someone other than the submitter to activate a version.
 */

let server: ServerHarness;
let partnerOwner: ApiClient;
let consultant: ApiClient;
let approver: ApiClient;
let customerOwner: ApiClient;
beforeAll(async () => {
  server = await startServerHarness();
  partnerOwner = await server.signIn(DEMO.partnerOwner);
  consultant = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
  customerOwner = await server.signIn(DEMO.customerOwner);
});
afterAll(() => server.close());

interface Status {
  tenant: { id: string; slug: string };
  activeWorkflows: number;
  runsToday: number;
  failuresToday: number;
  members: number;
}

/** A manual workflow that fetches `url`: a loopback URL fails at once (the egress guard refuses it). */
const fetcher = (url: string, credential?: string) =>
  workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      { id: 'fetch', type: 'connector.http', config: { url, ...(credential ? { credential } : {}) }, retry: { maxAttempts: 1 } },
    ],
    [['start', 'out', 'fetch']],
  );

describe("customers' status at a glance", () => {
  it('counts active workflows, runs and failures since the start of the day (test runs left out), and members', async () => {
    const { partner } = server.tenants;
    const fabrikam = expectOk(await partnerOwner.request<{ id: string }>('POST', `/api/v1/tenants/${partner}/customers`, { name: 'Fabrikam Retail', slug: 'fabrikam' }), 201);
    const since = new Date(Date.now() - 60_000).toISOString();
    const failing = await activeWorkflow(consultant, approver, fabrikam.id, 'Always fails', fetcher('http://127.0.0.1:9/never'));
    const simple = await activeWorkflow(consultant, approver, fabrikam.id, 'Always works', workflow([{ id: 'start', type: 'trigger.manual' }], []));
    for (const workflowId of [failing, simple, simple]) {
      const { runId } = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${fabrikam.id}/workflows/${workflowId}/runs`, { input: {} }), 201);
      await waitForRun(consultant, fabrikam.id, runId, ['succeeded', 'failed']);
    }
    const test = expectOk(await consultant.request<{ runId: string }>('POST', `/api/v1/tenants/${fabrikam.id}/workflows/${failing}/test-runs`, { input: {} }), 201);
    await waitForRun(consultant, fabrikam.id, test.runId, ['succeeded', 'failed']);

    const statuses = expectOk(await partnerOwner.request<Status[]>('GET', `/api/v1/tenants/${partner}/customers/status?since=${encodeURIComponent(since)}`));
    expect(statuses.map((status) => status.tenant.slug)).toEqual(['contoso', 'fabrikam']);
    expect(statuses[1]).toMatchObject({ activeWorkflows: 2, runsToday: 3, failuresToday: 1, members: 0 });
    expect(statuses[0]).toMatchObject({ activeWorkflows: 1, runsToday: 0, failuresToday: 0, members: 2 });
    // Nothing since a later time; the default is the start of the UTC day.
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(expectOk(await partnerOwner.request<Status[]>('GET', `/api/v1/tenants/${partner}/customers/status?since=${encodeURIComponent(later)}`))[1]).toMatchObject({ runsToday: 0 });
    expect(expectOk(await consultant.request<Status[]>('GET', `/api/v1/tenants/${partner}/customers/status`))[1]).toMatchObject({ activeWorkflows: 2 });
    expect(expectError(await partnerOwner.request('GET', `/api/v1/tenants/${partner}/customers/status?since=yesterday`), 400, 'INVALID_REQUEST').details[0]?.path).toBe('query.since');
    // A customer has no customers; another customer's counts are out of its reach.
    expectError(await customerOwner.request('GET', `/api/v1/tenants/${server.tenants.customer}/customers/status`), 403, 'FORBIDDEN');
    expectError(await customerOwner.request('GET', `/api/v1/tenants/${partner}/customers/status`), 404, 'NOT_FOUND');
  });
});

describe('credentials: which workflows use each', () => {
  it('names the workflows whose draft or active version uses a credential, and refuses deleting one a live version uses', async () => {
    const { customer } = server.tenants;
    const base = `/api/v1/tenants/${customer}/credentials`;
    const create = async (name: string) =>
      expectOk(await consultant.request<{ id: string; usedBy: unknown[] }>('POST', base, { name, secret: { type: 'bearer', token: `token-${name}` }, allowedHosts: ['erp.example.com'] }), 201);
    const live = await create('erp-live');
    const draftOnly = await create('erp-draft');
    expect(live.usedBy).toEqual([]);
    const liveWorkflow = await activeWorkflow(consultant, approver, customer, 'Orders to ERP', fetcher('https://erp.example.com/orders', live.id));
    const drafted = await createWorkflow(consultant, customer, 'Stock sync (draft)', fetcher('https://erp.example.com/stock', draftOnly.id));
    // The live workflow's draft moves to the other credential: the active version still uses the first.
    const current = expectOk(await consultant.request<{ revision: number }>('GET', `/api/v1/tenants/${customer}/workflows/${liveWorkflow}`));
    expectOk(await consultant.request('PUT', `/api/v1/tenants/${customer}/workflows/${liveWorkflow}`, { revision: current.revision, definition: { ...fetcher('https://erp.example.com/orders', draftOnly.id), name: 'Orders to ERP' } }));

    const list = expectOk(await consultant.request<{ id: string; usedBy: { workflowId: string; workflowName: string; in: string[] }[] }[]>('GET', base));
    expect(list.find((credential) => credential.id === live.id)?.usedBy).toEqual([{ workflowId: liveWorkflow, workflowName: 'Orders to ERP', in: ['active'] }]);
    expect(list.find((credential) => credential.id === draftOnly.id)?.usedBy).toEqual([
      { workflowId: liveWorkflow, workflowName: 'Orders to ERP', in: ['draft'] },
      { workflowId: drafted.id, workflowName: 'Stock sync (draft)', in: ['draft'] },
    ]);
    expect(expectOk(await consultant.request<{ usedBy: unknown[] }>('GET', `${base}/${live.id}`)).usedBy).toHaveLength(1);

    const refused = expectError(await consultant.request('DELETE', `${base}/${live.id}`), 409, 'CONFLICT');
    expect(refused.message).toBe('the credential is used by the active version of "Orders to ERP"; change those workflows first');
    expect(expectOk(await consultant.request<{ id: string }[]>('GET', base)).map((credential) => credential.id)).toContain(live.id);
    // Drafts alone do not hold a credential back: they show a problem until changed.
    expect(expectOk(await consultant.request<{ usedBy: unknown[] }>('DELETE', `${base}/${draftOnly.id}`)).usedBy).toHaveLength(2);
    expectOk(await consultant.request('POST', `/api/v1/tenants/${customer}/workflows/${liveWorkflow}/archive`));
    expectOk(await consultant.request('DELETE', `${base}/${live.id}`));
  });
});

describe('policy: activation by someone other than the submitter', () => {
  it('refuses the submitter when the policy asks for it, and lets another approver activate', async () => {
    const { customer } = server.tenants;
    const policy = `/api/v1/tenants/${customer}/policy`;
    const submit = async (name: string) => {
      const { id } = await createWorkflow(customerOwner, customer, name, workflow([{ id: 'start', type: 'trigger.manual' }], []));
      expectOk(await customerOwner.request('POST', `/api/v1/tenants/${customer}/workflows/${id}/versions`, { note: 'v1' }), 201);
      expectOk(await approver.request('POST', `/api/v1/tenants/${customer}/workflows/${id}/versions/1/approve`, {}));
      return id;
    };
    // Off by default: an owner who submitted may activate what someone else approved.
    const allowed = await submit('Owner activates own');
    expectOk(await customerOwner.request('POST', `/api/v1/tenants/${customer}/workflows/${allowed}/activate`, { version: 1, reason: 'go live' }));

    expect(expectOk(await customerOwner.request('PUT', policy, { requiredApprovals: 1, retentionDays: 30, requireSeparateActivator: true }))).toMatchObject({ requireSeparateActivator: true });
    const guarded = await submit('Someone else activates');
    const refused = expectError(await customerOwner.request('POST', `/api/v1/tenants/${customer}/workflows/${guarded}/activate`, { version: 1, reason: 'go live' }), 403, 'SEPARATION_OF_DUTIES');
    expect(refused.message).toBe("you submitted version 1; this workspace's policy wants someone else to activate it");
    expectOk(await approver.request('POST', `/api/v1/tenants/${customer}/workflows/${guarded}/activate`, { version: 1, reason: 'go live' }));
    expectError(await customerOwner.request('PUT', policy, { requiredApprovals: 1, retentionDays: 30, requireSeparateActivator: 'yes' }), 400, 'INVALID_REQUEST');
    expectOk(await customerOwner.request('PUT', policy, { requiredApprovals: 1, retentionDays: 30 }));
  });
});

describe('audit pages name their actors', () => {
  it('answers the names and emails behind the user ids of the page, and none for system actors', async () => {
    const { customer } = server.tenants;
    const page = expectOk(
      await customerOwner.request<{ items: { actorId: string }[]; actors: Record<string, { name: string; email: string }> }>('GET', `/api/v1/tenants/${customer}/audit?limit=500`),
    );
    const ids = new Set(page.items.map((item) => item.actorId));
    expect(ids.has('system')).toBe(true);
    expect(page.actors[approver.userId]).toEqual({ name: 'Alex Approver', email: DEMO.approver, kind: 'person' });
    expect(page.actors[customerOwner.userId]).toEqual({ name: 'Olivia Owner', email: DEMO.customerOwner, kind: 'person' });
    expect(Object.keys(page.actors).every((id) => ids.has(id))).toBe(true);
    expect(page.actors.system).toBeUndefined();
  });
});
