import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflow, expectError, expectOk, type WorkflowDetail } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../support/server-harness.js';
import { firstValue } from '../support/sql-values.js';

const simple = workflow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'shape', type: 'logic.condition', config: { rule: 'RULE' } },
  ],
  [['start', 'true', 'shape']],
);

/** The definition's JSON text with `rule` (JSON text) as the condition's rule. */
function withRule(rule: string): string {
  return JSON.stringify(simple).replace('"RULE"', rule);
}

/** A value nested 10,000 levels deep, as JSON text. */
const tenThousandDeep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
/** An `if` nested 3,000 levels deep. */
const deepIf = `${'{"if":['.repeat(3_000)}true${',1,2]}'.repeat(3_000)}`;
/** An array literal of 150,000 items inside a rule. */
const hugeArray = `{"in":[1,[${Array.from({ length: 150_000 }, () => '1').join(',')}]]}`;

const OVER_LIMIT: readonly [string, string, RegExp][] = [
  ['a value nested 10,000 levels deep', withRule(tenThousandDeep), /^nodes\[1\]\.config\.rule(\.a){96}$/],
  ['an `if` nested 3,000 levels deep', withRule(deepIf), /^nodes\[1\]\.config\.rule\.if\[0\]\.if\[0\]/],
  ['an array literal of 150,000 items', withRule(hugeArray), /^nodes\[1\]\.config\.rule\.in\[1\]$/],
];

let server: ServerHarness;
let consultant: ApiClient;
let customer: string;
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  server = await startServerHarness();
  customer = server.tenants.customer;
  consultant = await server.signIn(DEMO.consultant);
});
afterAll(() => server.close());

const workflowsPath = () => `/api/v1/tenants/${customer}/workflows`;

async function count(table: string): Promise<number> {
  return (await firstValue(server.app.sql, `SELECT count(*) FROM ${table}`)) as number;
}

/** Asserts a refusal of the document's limits, and that nothing was stored (no workflow, no audit entry). */
async function expectRefusedAndNothingStored(send: () => Promise<Parameters<typeof expectError>[0]>, path: RegExp): Promise<void> {
  const before = { workflows: await count('workflows'), audit: await count('audit_log') };
  const error = expectError(await send(), 422, 'WORKFLOW_INVALID');
  expect(error.message).toMatch(/^the definition cannot be saved: the definition is over its limits at /);
  expect(error.details).toHaveLength(1);
  expect(error.details[0]?.path).toMatch(path);
  expect({ workflows: await count('workflows'), audit: await count('audit_log') }).toEqual(before);
}

describe('workflow documents over their limits', () => {
  it.each(OVER_LIMIT)('refuses %s on create with 422 and the path, storing nothing', async (_label, definition, path) => {
    await expectRefusedAndNothingStored(() => consultant.request('POST', workflowsPath(), `{"name":"Too big","definition":${definition}}`, json), path);
  });

  it.each(OVER_LIMIT)('refuses %s on import, bare or as an exported document', async (_label, definition, path) => {
    await expectRefusedAndNothingStored(() => consultant.request('POST', `${workflowsPath()}/import`, definition, json), path);
    const exported = `{"format":"flowgate.workflow","exportedAt":"2026-01-01T00:00:00.000Z","name":"Too big","definition":${definition}}`;
    await expectRefusedAndNothingStored(() => consultant.request('POST', `${workflowsPath()}/import`, exported, json), path);
  });

  it.each(OVER_LIMIT)('refuses %s on save, leaving the draft and its revision as they were', async (_label, definition, path) => {
    const created = await createWorkflow(consultant, customer, 'Saved', workflow([{ id: 'start', type: 'trigger.manual' }], []));
    await expectRefusedAndNothingStored(
      () => consultant.request('PUT', `${workflowsPath()}/${created.id}`, `{"revision":${created.revision},"definition":${definition}}`, json),
      path,
    );
    const after = expectOk(await consultant.request<WorkflowDetail>('GET', `${workflowsPath()}/${created.id}`));
    expect(after.revision).toBe(created.revision);
    expect(after.draft).toEqual(created.draft);
  });

  it('names the limit in the message', async () => {
    const response = await consultant.request('POST', workflowsPath(), `{"name":"Too big","definition":${withRule(hugeArray)}}`, json);
    expect(expectError(response, 422, 'WORKFLOW_INVALID').details[0]?.message).toBe(
      'the definition is over its limits at nodes[1].config.rule.in[1]: an array has 150000 items; the limit is 100000',
    );
  });
});

describe('a draft stored over the limits by an earlier version', () => {
  it.each([
    ['an array literal of 150,000 items', withRule(hugeArray)],
    ['an `if` nested 3,000 levels deep', withRule(deepIf)],
  ])('still opens with %s: GET, validate and export answer 200 and list the problem', async (_label, definition) => {
    const created = await createWorkflow(consultant, customer, 'Legacy', workflow([{ id: 'start', type: 'trigger.manual' }], []));
    await server.app.sql.run('UPDATE workflows SET draft = ? WHERE id = ?', [definition, created.id]);

    const detail = expectOk(await consultant.request<WorkflowDetail>('GET', `${workflowsPath()}/${created.id}`));
    expect(detail.problems).toEqual([{ code: 'schema', path: expect.stringMatching(/^nodes\[1\]\.config\.rule/) as unknown, message: expect.stringContaining('over its limits') as unknown }]);
    expect(expectOk(await consultant.request<{ problems: unknown[] }>('POST', `${workflowsPath()}/${created.id}/validate`)).problems).toHaveLength(1);
    expectOk(await consultant.request('GET', `${workflowsPath()}/${created.id}/export`));
    expect(expectOk(await consultant.request<unknown[]>('GET', workflowsPath())).length).toBeGreaterThan(0);

    const testRun = expectError(await consultant.request('POST', `${workflowsPath()}/${created.id}/test-runs`, { input: {} }), 422, 'WORKFLOW_INVALID');
    expect(testRun.details[0]?.path).toMatch(/^nodes\[1\]\.config\.rule/);
    expectError(await consultant.request('POST', `${workflowsPath()}/${created.id}/versions`, { note: 'try' }), 422);
  });
});
