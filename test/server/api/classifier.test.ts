import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exceptionText, type ClassifiableException } from '../../../server/exceptions/local-classifier.js';
import { activeWorkflow, expectError, expectOk, waitForRun, type RunDetail } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';

interface Labelled extends ClassifiableException {
  readonly id: string;
  readonly category: string;
}
interface Example {
  id: string;
  text: string;
  category: string;
  source: string;
  createdAt: string;
}
interface Page {
  items: Example[];
  nextCursor: string | null;
}
interface Classification {
  category: string;
  confidence: number;
  provider: string;
}

const labelled = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/exceptions/labelled-exceptions.json'), 'utf8')) as Labelled[];
/** The fixture's split (see its README): ids that are multiples of 4 are held out. */
const heldOut = (record: Labelled) => Number(record.id.slice('ex-'.length)) % 4 === 0;
const training = labelled.filter((record) => !heldOut(record));

/** Classifies its input's title, details and source with the workspace's classifier; two branches. */
const classifying = (threshold: number) =>
  workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      { id: 'classify', type: 'ai.classify', config: { provider: 'local', threshold, text: { cat: [{ var: 'input.title' }, '\n', { var: 'input.details' }, '\nsource: ', { var: 'input.source' }] } } },
      { id: 'routed', type: 'data.transform', config: { fields: { category: { var: 'input.classification.category' } } } },
      { id: 'review', type: 'data.transform', config: { fields: { toReview: { var: 'input.classification.category' } } } },
    ],
    [
      ['start', 'out', 'classify'],
      ['classify', 'out', 'routed'],
      ['classify', 'review', 'review'],
    ],
  );

let server: ServerHarness;
let customer: string;
let operator: ApiClient;
let consultant: ApiClient;
let confidentId: string;
let strictId: string;
const examples = () => `/api/v1/tenants/${customer}/classifier/examples`;

beforeAll(async () => {
  server = await startServerHarness();
  customer = server.tenants.customer;
  consultant = await server.signIn(DEMO.consultant);
  operator = await server.signIn(DEMO.operator);
  const approver = await server.signIn(DEMO.approver);
  confidentId = await activeWorkflow(consultant, approver, customer, 'Classify exceptions', classifying(0.6));
  strictId = await activeWorkflow(consultant, approver, customer, 'Classify exceptions, strictly', classifying(0.999));
}, 60_000);
afterAll(() => server.close());

async function classify(workflowId: string, input: Record<string, unknown>): Promise<{ run: RunDetail; port: string | undefined; classification: Classification | undefined }> {
  const { runId } = expectOk(await operator.request<{ runId: string }>('POST', `/api/v1/tenants/${customer}/workflows/${workflowId}/runs`, { input }), 201);
  const run = await waitForRun(operator, customer, runId, ['succeeded', 'failed']);
  const step = run.steps.find((entry) => entry.nodeId === 'classify');
  return { run, port: step?.ports[0], classification: (step?.output as { classification?: Classification } | null)?.classification };
}

/** The status of the step of `nodeId` in the run. */
const statusOf = (run: RunDetail, nodeId: string) => run.steps.find((step) => step.nodeId === nodeId)?.status;

describe('the local classifier without examples', () => {
  it('fails the step with CLASSIFIER_UNTRAINED, saying what it has and needs', async () => {
    const { run } = await classify(confidentId, { title: 'Payment does not match', details: 'Paid 90 of 120', source: 'shopify' });
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'CLASSIFIER_UNTRAINED', nodeId: 'classify' });
    expect(run.error?.message).toContain('it has 0 examples of 0 categories');
    expect(run.error?.message).toContain('at least 2 categories');
  });
});

describe('the local classifier trained from examples', () => {
  beforeAll(async () => {
    for (const record of training) {
      expectOk(await consultant.request('POST', examples(), { text: exceptionText(record), category: record.category }), 201);
    }
  }, 120_000);

  it('lists the examples, added by hand, in pages of 100 unless asked otherwise, oldest first', async () => {
    const seen: Example[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const query: string = cursor === null ? '' : `?cursor=${cursor}`;
      const page: Page = expectOk(await operator.request<Page>('GET', `${examples()}${query}`));
      sizes.push(page.items.length);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(sizes).toEqual([100, 100, training.length - 200]);
    // Examples added within one millisecond are in the order of their ids.
    expect(seen.map((item) => item.text).sort()).toEqual(training.map((record) => exceptionText(record).trim()).sort());
    expect(new Set(seen.map((item) => item.id)).size).toBe(training.length);
    expect(seen.map((item) => item.createdAt)).toEqual(seen.map((item) => item.createdAt).sort());
    expect(seen.every((item) => item.source === 'manual')).toBe(true);
    const all = expectOk(await operator.request<Page>('GET', `${examples()}?limit=500`));
    expect([all.items.length, all.nextCursor]).toEqual([training.length, null]);
    const small = expectOk(await operator.request<Page>('GET', `${examples()}?limit=2`));
    const next = expectOk(await operator.request<Page>('GET', `${examples()}?limit=2&cursor=${small.nextCursor ?? ''}`));
    expect([...small.items, ...next.items].map((item) => item.id)).toEqual(all.items.slice(0, 4).map((item) => item.id));
  });

  it('filters the examples by category and source, and checks the page asked for', async () => {
    const fraud = expectOk(await operator.request<Page>('GET', `${examples()}?category=fraud-risk&limit=500`));
    expect(fraud.items.map((item) => item.text).sort()).toEqual(training.filter((record) => record.category === 'fraud-risk').map((record) => exceptionText(record).trim()).sort());
    expect(expectOk(await operator.request<Page>('GET', `${examples()}?source=manual&limit=500`)).items).toHaveLength(training.length);
    expect(expectOk(await operator.request<Page>('GET', `${examples()}?source=seed`)).items).toEqual([]);
    expect(expectError(await operator.request('GET', `${examples()}?limit=501`), 400).details).toEqual([expect.objectContaining({ path: 'query.limit' })]);
    expect(expectError(await operator.request('GET', `${examples()}?limit=0`), 400).details).toEqual([expect.objectContaining({ path: 'query.limit' })]);
    expect(expectError(await operator.request('GET', `${examples()}?source=guess`), 400).details).toEqual([expect.objectContaining({ path: 'query.source' })]);
    expect(expectError(await operator.request('GET', `${examples()}?category=Not%20One`), 400).details).toEqual([expect.objectContaining({ path: 'query.category' })]);
    expect(expectError(await operator.request('GET', `${examples()}?cursor=bm9wZQ`), 400).details).toEqual([expect.objectContaining({ path: 'query.cursor' })]);
  });

  it('checks what is added', async () => {
    expect(expectError(await consultant.request('POST', examples(), { text: 'x', category: 'Not A Category' }), 400).details).toEqual([expect.objectContaining({ path: 'body.category' })]);
    expect(expectError(await consultant.request('POST', examples(), { text: ' ', category: 'fraud-risk' }), 400).details).toEqual([expect.objectContaining({ path: 'body.text' })]);
    expectError(await consultant.request('POST', examples(), { text: 'x'.repeat(10_001), category: 'fraud-risk' }), 400);
  });

  it('routes a held-out exception to its category on "out"', async () => {
    const record = labelled.find((entry) => entry.id === 'ex-024') as Labelled;
    expect(heldOut(record)).toBe(true);
    const { run, port, classification } = await classify(confidentId, { title: record.title, details: record.details, source: record.source });
    expect(run.status).toBe('succeeded');
    expect(port).toBe('out');
    expect(classification).toMatchObject({ category: record.category, provider: 'local' });
    expect(classification?.confidence).toBeGreaterThanOrEqual(0.6);
    expect([statusOf(run, 'routed'), statusOf(run, 'review')]).toEqual(['succeeded', 'skipped']);
  });

  it('sends nonsense, and anything below a high threshold, to "review"', async () => {
    const nonsense = await classify(confidentId, { title: 'qwxz blorp', details: 'zzkv', source: 'nowhere' });
    expect(nonsense.port).toBe('review');
    expect(nonsense.classification?.confidence).toBeLessThan(0.6);
    expect([statusOf(nonsense.run, 'routed'), statusOf(nonsense.run, 'review')]).toEqual(['skipped', 'succeeded']);
    const record = labelled.find((entry) => entry.id === 'ex-036') as Labelled;
    const unsure = await classify(strictId, { title: record.title, details: record.details, source: record.source });
    expect(unsure.port).toBe('review');
    expect(unsure.classification?.category).toBe(record.category);
    expect([statusOf(unsure.run, 'routed'), statusOf(unsure.run, 'review')]).toEqual(['skipped', 'succeeded']);
  });

  it("learns from a person's correction of an exception's category", async () => {
    const similar = { title: 'Hazmat paperwork missing for drums at dock', details: '', source: 'person' };
    expect((await classify(confidentId, similar)).classification?.category).not.toBe('hazmat-paperwork');
    const reported = expectOk(
      await operator.request<{ id: string }>('POST', `/api/v1/tenants/${customer}/exceptions`, {
        category: 'shipment-delay',
        title: 'Hazmat drum paperwork missing at the warehouse dock',
        details: 'The hazmat declaration for the drums was not attached',
        subject: { type: 'shipment', id: 'SH-77' },
      }),
      201,
    );
    const patch = (body: Record<string, unknown>) => operator.request('PATCH', `/api/v1/tenants/${customer}/exceptions/${reported.id}`, body);
    expectOk(await patch({ severity: 'high' }));
    expectOk(await patch({ category: 'hazmat-paperwork' }));
    expectOk(await patch({ category: 'hazmat-paperwork', note: 'same category again' }));
    const corrections = expectOk(await operator.request<Page>('GET', `${examples()}?source=correction`)).items;
    expect(corrections).toHaveLength(1);
    expect(corrections[0]).toMatchObject({ category: 'hazmat-paperwork' });
    expect(corrections[0]?.text).toContain('Hazmat drum paperwork missing at the warehouse dock');
    expect(corrections[0]?.text).toContain('subject: shipment');
    const after = await classify(confidentId, similar);
    expect(after.run.status).toBe('succeeded');
    expect(after.classification?.category).toBe('hazmat-paperwork');
  });
});

describe('classifier example permissions', () => {
  it('are read with exception.read and added with exception.manage, audited', async () => {
    const approver = await server.signIn(DEMO.approver);
    expectOk(await approver.request('GET', examples()));
    expectError(await approver.request('POST', examples(), { text: 'Card declined twice', category: 'fraud-risk' }), 403);
    const added = expectOk(await consultant.request<Example>('POST', examples(), { text: 'Card declined twice', category: 'fraud-risk' }), 201);
    const entry = await server.app.sql.get("SELECT action, target_type, target_id FROM audit_log WHERE action = 'classifier.example' AND target_id = ?", [added.id]);
    expect(entry).toEqual({ action: 'classifier.example', target_type: 'classifierExample', target_id: added.id });
  });
});
