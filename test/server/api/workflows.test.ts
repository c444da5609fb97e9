import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteAndAccept } from '../../support/accounts.js';
import { createWorkflow, expectError, expectOk, type WorkflowDetail } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

interface Summary {
  id: string;
  name: string;
  revision: number;
  activeVersion: number | null;
  archived: boolean;
}

const valid = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'shape', type: 'data.transform', config: { fields: { total: { var: 'input.total' } } } },
  ],
  [['start', 'out', 'shape']],
  { name: 'Invoice sync' },
);
/** The same graph with an edge to a node that does not exist. */
const dangling = { ...valid, edges: [...valid.edges, { id: 'e9', source: 'shape', sourcePort: 'out', target: 'ghost', targetPort: 'in' }] };

let server: ServerHarness;
let consultant: ApiClient;
let customerOwner: ApiClient;
let operator: ApiClient;
let viewer: ApiClient;
let customer: string;
let base: string;
beforeAll(async () => {
  server = await startServerHarness();
  customer = server.tenants.customer;
  base = `/api/v1/tenants/${customer}/workflows`;
  consultant = await server.signIn(DEMO.consultant);
  customerOwner = await server.signIn(DEMO.customerOwner);
  operator = await server.signIn(DEMO.operator);
  ({ client: viewer } = await inviteAndAccept(server, customerOwner, customer, 'viewer@contoso.example', ['viewer'], 'Vera Viewer'));
});
afterAll(() => server.close());

describe('creating and listing', () => {
  it('creates a starter draft with a manual trigger', async () => {
    const created = expectOk(await consultant.request<WorkflowDetail>('POST', base, { name: 'Stock alert', description: 'Warn when stock runs low' }), 201);
    expect(created).toMatchObject({ name: 'Stock alert', description: 'Warn when stock runs low', revision: 1, activeVersion: null, archived: false, problems: [] });
    expect(created.draft).toMatchObject({ schemaVersion: 1, name: 'Stock alert', edges: [], nodes: [{ type: 'trigger.manual', version: 1 }] });
    expect(expectOk(await consultant.request<WorkflowDetail>('GET', `${base}/${created.id}`)).draft).toEqual(created.draft);
  });

  it('creates from a definition and lists with search and status filters', async () => {
    await createWorkflow(consultant, customer, 'Invoice sync', valid);
    await createWorkflow(consultant, customer, 'Invoice archive 100%', valid);
    const names = async (query: string) => expectOk(await consultant.request<Summary[]>('GET', `${base}${query}`)).map((summary) => summary.name).sort();
    expect(await names('')).toEqual(['Invoice archive 100%', 'Invoice sync', 'Order exception routing', 'Stock alert']);
    expect(await names('?search=invoice')).toEqual(['Invoice archive 100%', 'Invoice sync']);
    expect(await names('?search=100%25')).toEqual(['Invoice archive 100%']);
    // LIKE wildcards in the search are taken literally.
    expect(await names('?search=_')).toEqual([]);
    expect(await names('?status=active')).toEqual(['Order exception routing']);
    expect(await names('?status=draft')).toEqual(['Invoice archive 100%', 'Invoice sync', 'Stock alert']);
    expect(await names('?status=pending')).toEqual([]);
    expectError(await consultant.request('GET', `${base}?status=deleted`), 400, 'INVALID_REQUEST');
  });
});

describe('editing the draft', () => {
  let detail: WorkflowDetail;
  beforeAll(async () => {
    detail = await createWorkflow(consultant, customer, 'Draft editing', valid);
  });

  it('shows the problems of an invalid draft and validates on request', async () => {
    const saved = expectOk(await consultant.request<WorkflowDetail>('PUT', `${base}/${detail.id}`, { revision: 1, definition: dangling }));
    expect(saved.revision).toBe(2);
    expect(saved.problems).toEqual([{ code: 'dangling-edge', path: 'edges[1].target', message: 'edge ends at node "ghost", which does not exist', edgeId: 'e9' }]);
    const fetched = expectOk(await consultant.request<WorkflowDetail>('GET', `${base}/${detail.id}`));
    expect(fetched.problems).toEqual(saved.problems);
    const validation = expectOk(await viewer.request<{ valid: boolean; problems: unknown[] }>('POST', `${base}/${detail.id}/validate`));
    expect(validation).toEqual({ valid: false, problems: saved.problems });
  });

  it('saves with the current revision (revision + 1) and answers 409 with the current revision when stale', async () => {
    const current = expectOk(await consultant.request<WorkflowDetail>('GET', `${base}/${detail.id}`)).revision;
    const first = expectOk(await consultant.request<WorkflowDetail>('PUT', `${base}/${detail.id}`, { revision: current, definition: valid }));
    expect(first.revision).toBe(current + 1);
    expect(first.problems).toEqual([]);
    // A second designer, still on the old revision, does not silently overwrite the first.
    const stale = await customerOwner.request('PUT', `${base}/${detail.id}`, { revision: current, definition: dangling });
    const error = expectError(stale, 409, 'CONFLICT');
    expect(error.currentRevision).toBe(current + 1);
    expect(error.updatedBy).toBe(consultant.userId);
    expect(error.message).toContain(`revision ${current + 1}`);
    expect(expectOk(await consultant.request<WorkflowDetail>('GET', `${base}/${detail.id}`))).toMatchObject({ revision: current + 1, problems: [] });
    expect(expectOk(await viewer.request<{ valid: boolean }>('POST', `${base}/${detail.id}/validate`))).toEqual({ valid: true, problems: [] });
  });

  it('refuses viewers and operators (403)', async () => {
    const revision = expectOk(await consultant.request<WorkflowDetail>('GET', `${base}/${detail.id}`)).revision;
    for (const client of [viewer, operator]) {
      expect(expectError(await client.request('PUT', `${base}/${detail.id}`, { revision, definition: valid }), 403, 'FORBIDDEN').message).toMatch(/^your role in this tenant \((viewer|operator)\) does not allow you to edit workflows$/);
      expectError(await client.request('POST', base, { name: 'Nope' }), 403, 'FORBIDDEN');
      expectError(await client.request('POST', `${base}/${detail.id}/archive`), 403, 'FORBIDDEN');
    }
    expect(expectOk(await consultant.request<WorkflowDetail>('GET', `${base}/${detail.id}`)).revision).toBe(revision);
  });
});

describe('bad requests never answer 500', () => {
  let id: string;
  beforeAll(async () => {
    id = (await createWorkflow(consultant, customer, 'Bad bodies', valid)).id;
  });

  it('answers 400 with the field path for a missing revision or a definition that is not an object', async () => {
    expect(expectError(await consultant.request('PUT', `${base}/${id}`, { definition: valid }), 400, 'INVALID_REQUEST').details.map((detail) => detail.path)).toEqual([
      'body.revision',
    ]);
    for (const definition of ['a string', 42, null, [valid]]) {
      const error = expectError(await consultant.request('PUT', `${base}/${id}`, { revision: 1, definition }), 400, 'INVALID_REQUEST');
      expect(error.details.map((detail) => detail.path)).toEqual(['body.definition']);
    }
    expectError(await consultant.request('PUT', `${base}/${id}`, { revision: 'one', definition: valid }), 400, 'INVALID_REQUEST');
    // No body at all: the fields are missing (400), not a wrong media type.
    expect(expectError(await consultant.request('PUT', `${base}/${id}`), 400, 'INVALID_REQUEST').details.map((detail) => detail.path)).toEqual(['body.revision', 'body.definition']);
    expectError(await consultant.request('PUT', `${base}/${id}`, [valid]), 400, 'INVALID_REQUEST');
    expectError(await consultant.request('POST', base, { name: '' }), 400, 'INVALID_REQUEST');
  });

  it('answers 400 for an object of no known schema version, and keeps a readable but broken draft with its problems', async () => {
    const missing = expectError(await consultant.request('PUT', `${base}/${id}`, { revision: 1, definition: {} }), 400, 'BAD_REQUEST');
    expect(missing.details.map((detail) => detail.path)).toEqual(['body.definition']);
    expect(missing.details[0]?.message).toContain('schemaVersion');
    const future = expectError(await consultant.request('PUT', `${base}/${id}`, { revision: 1, definition: { schemaVersion: 99, nodes: [] } }), 400, 'BAD_REQUEST');
    expect(future.message).toContain('newer than this Flowgate supports');
    const broken = expectOk(await consultant.request<WorkflowDetail>('PUT', `${base}/${id}`, { revision: 1, definition: { schemaVersion: 1, nodes: 'none' } }));
    expect(broken.revision).toBe(2);
    expect(broken.problems.map((problem) => problem.path)).toEqual(['name', 'nodes']);
  });

  it('answers 415 for a body that is not JSON, 400 for malformed JSON and 413 over the size limit', async () => {
    const headers = { authorization: `Bearer ${consultant.token}` };
    const revision = expectOk(await consultant.request<WorkflowDetail>('GET', `${base}/${id}`)).revision;
    const text = await server.request('PUT', `${base}/${id}`, 'revision=1', { ...headers, 'content-type': 'text/plain' });
    expect(expectError(text, 415, 'UNSUPPORTED_MEDIA_TYPE').message).toContain('application/json');
    const form = await server.request('POST', base, 'name=x', { ...headers, 'content-type': 'application/x-www-form-urlencoded' });
    expectError(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const malformed = await server.request('PUT', `${base}/${id}`, '{"revision": 1, "definition": {', { ...headers, 'content-type': 'application/json' });
    expectError(malformed, 400, 'INVALID_JSON');
    const huge = JSON.stringify({ revision: 1, definition: { ...valid, description: 'x'.repeat(server.app.config.bodyLimitBytes) } });
    const tooLarge = await server.request('PUT', `${base}/${id}`, huge, { ...headers, 'content-type': 'application/json' });
    expectError(tooLarge, 413, 'PAYLOAD_TOO_LARGE');
    expect(expectOk(await consultant.request<WorkflowDetail>('GET', `${base}/${id}`)).revision).toBe(revision);
    expect(server.logs.join('\n')).not.toContain('request failed');
  });
});

describe('export and import', () => {
  it('exports as an attachment and imports the document back as a new workflow', async () => {
    const original = await createWorkflow(consultant, customer, 'Round trip', { ...valid, description: 'Exported and back' });
    const exported = await consultant.request<{ format: string; name: string; definition: Record<string, unknown> }>('GET', `${base}/${original.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="Round-trip.flowgate.json"');
    expect(exported.body).toMatchObject({ format: 'flowgate.workflow', name: 'Round trip', definition: original.draft });

    const imported = expectOk(await consultant.request<WorkflowDetail>('POST', `${base}/import`, exported.body), 201);
    expect(imported.id).not.toBe(original.id);
    expect(imported).toMatchObject({ name: 'Round trip', description: 'Exported and back', revision: 1, activeVersion: null, problems: [] });
    expect(imported.draft).toEqual(original.draft);

    const bare = expectOk(await consultant.request<WorkflowDetail>('POST', `${base}/import`, { ...valid, name: 'Bare definition' }), 201);
    expect(bare.name).toBe('Bare definition');
    expectError(await consultant.request('POST', `${base}/import`, { format: 'flowgate.workflow', name: 'Broken', definition: 'not a definition' }), 400);
    for (const name of ['', ' ', 'x'.repeat(201)]) {
      const error = expectError(await consultant.request('POST', `${base}/import`, { ...exported.body, name }), 400, 'BAD_REQUEST');
      expect(error.details).toEqual([{ path: 'body.name', message: 'must be 1 to 200 characters' }]);
    }
    expectError(await viewer.request('POST', `${base}/import`, exported.body), 403, 'FORBIDDEN');
  });
});

describe('archiving', () => {
  it('archives a workflow, after which its draft cannot change', async () => {
    const created = await createWorkflow(consultant, customer, 'To archive', valid);
    const archived = expectOk(await consultant.request<Summary>('POST', `${base}/${created.id}/archive`));
    expect(archived).toMatchObject({ id: created.id, archived: true, activeVersion: null });
    const error = expectError(await consultant.request('PUT', `${base}/${created.id}`, { revision: 1, definition: valid }), 409, 'CONFLICT');
    expect(error.message).toContain('archived');
    expectError(await consultant.request('POST', `${base}/${created.id}/archive`), 409, 'CONFLICT');
    expectError(await consultant.request('POST', `${base}/${created.id}/versions`, { note: 'x' }), 409, 'CONFLICT');
    const names = expectOk(await consultant.request<Summary[]>('GET', `${base}?status=archived`)).map((summary) => summary.name);
    expect(names).toEqual(['To archive']);
    expect(expectOk(await consultant.request<Summary[]>('GET', base)).some((summary) => summary.id === created.id)).toBe(false);
  });
});

describe('restoring from the archive', () => {
  it('brings an archived workflow back as an editable draft, audited, with its triggers still off', async () => {
    const created = await createWorkflow(consultant, customer, 'To restore', valid);
    expectOk(await consultant.request('POST', `${base}/${created.id}/archive`));
    // Not archived: nothing to restore.
    const other = await createWorkflow(consultant, customer, 'Never archived', valid);
    expect(expectError(await consultant.request('POST', `${base}/${other.id}/unarchive`), 409, 'CONFLICT').message).toBe('the workflow is not archived');
    for (const client of [viewer, operator]) {
      expect(expectError(await client.request('POST', `${base}/${created.id}/unarchive`), 403, 'FORBIDDEN').message).toContain('edit workflows');
    }

    const restored = expectOk(await consultant.request<Summary>('POST', `${base}/${created.id}/unarchive`));
    expect(restored).toMatchObject({ id: created.id, archived: false, activeVersion: null, name: 'To restore' });
    expect(expectOk(await consultant.request<Summary[]>('GET', `${base}?status=archived`)).some((summary) => summary.id === created.id)).toBe(false);
    expect(expectOk(await consultant.request<Summary[]>('GET', `${base}?status=draft`)).some((summary) => summary.id === created.id)).toBe(true);
    // Its draft can change again, and it can be archived again.
    expect(expectOk(await consultant.request<WorkflowDetail>('PUT', `${base}/${created.id}`, { revision: 1, definition: valid })).revision).toBe(2);
    expectError(await consultant.request('POST', `${base}/${created.id}/unarchive`), 409, 'CONFLICT');
    const audit = expectOk(await customerOwner.request<{ items: { action: string }[] }>('GET', `/api/v1/tenants/${customer}/audit?targetId=${created.id}`));
    expect(audit.items.map((entry) => entry.action)).toEqual(['workflow.create', 'workflow.archive', 'workflow.unarchive', 'workflow.draft.update']);
  });
});

describe('ids that are unknown or belong to another tenant', () => {
  it('answers 404 alike for both', async () => {
    const partnerWorkflow = await createWorkflow(consultant, server.tenants.partner, 'Partner internal', valid);
    const unknown = expectError(await consultant.request('GET', `${base}/no-such-workflow`), 404, 'NOT_FOUND');
    const foreign = expectError(await consultant.request('GET', `${base}/${partnerWorkflow.id}`), 404, 'NOT_FOUND');
    expect(foreign.message).toBe(unknown.message);
    expectError(await consultant.request('PUT', `${base}/${partnerWorkflow.id}`, { revision: 1, definition: valid }), 404, 'NOT_FOUND');
    expectError(await consultant.request('POST', `${base}/${partnerWorkflow.id}/validate`), 404, 'NOT_FOUND');
    expectError(await consultant.request('GET', `${base}/${partnerWorkflow.id}/export`), 404, 'NOT_FOUND');
    expectError(await consultant.request('POST', `${base}/${partnerWorkflow.id}/archive`), 404, 'NOT_FOUND');
    expectError(await consultant.request('POST', `${base}/${partnerWorkflow.id}/unarchive`), 404, 'NOT_FOUND');
    // The customer's owner cannot reach the partner's tenant at all.
    expectError(await customerOwner.request('GET', `/api/v1/tenants/${server.tenants.partner}/workflows/${partnerWorkflow.id}`), 404, 'NOT_FOUND');
    expect(expectOk(await consultant.request<WorkflowDetail>('GET', `/api/v1/tenants/${server.tenants.partner}/workflows/${partnerWorkflow.id}`)).revision).toBe(1);
  });
});
