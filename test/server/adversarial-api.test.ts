import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../runtime/definition/json-value.js';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import { activeWorkflow, expectOk } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { isErrorShape } from '../support/error-shape.js';
import { ID_VARIANTS, QUERY_VARIANTS, RAW_BODIES, bodyVariants, jsonText, nest, type JsonSchema } from '../support/schema-values.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../support/server-harness.js';

/**
 * Every operation of the OpenAPI document, called with malformed inputs — wrong types, missing
 * fields, huge strings, deep nesting at, below and above the documented limits, invalid JSON,
 * wrong content types, unknown and traversal ids — unauthenticated and as each role. Any 5xx
 * fails, any refusal outside the one error shape fails, and a run left `running` without progress
 * fails.
 */

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly { readonly name: string; readonly in: 'path' | 'query' }[];
  readonly requestBody?: { readonly content: Record<string, { readonly schema: JsonSchema }> };
}

/** One request to make, and what to call it in a failure. */
interface Probe {
  readonly label: string;
  readonly method: string;
  readonly url: string;
  readonly token: string | undefined;
  readonly body?: { readonly text: string; readonly contentType: string | undefined };
}

interface Outcome {
  readonly probe: Probe;
  readonly status: number;
  readonly text: string;
}

const SERVER_ERROR = 500;
const PARALLEL = 6;

let server: ServerHarness;
let actors: Record<string, ApiClient>;
let ids: Record<string, string>;
let operations: Operation[];
const outcomes: Outcome[] = [];

/** Ids of real objects to put in path parameters, so requests reach the handlers. */
async function fixtures(owner: ApiClient, designer: ApiClient, approver: ApiClient, tenant: string): Promise<Record<string, string>> {
  const base = `/api/v1/tenants/${tenant}`;
  const hookWorkflow = await activeWorkflow(
    designer,
    approver,
    tenant,
    'Adversarial webhook',
    workflow([{ id: 'hook', type: 'trigger.webhook', config: { path: 'adversarial/in', auth: 'token', respond: 'immediately' } }, { id: 'shape', type: 'data.transform', config: { fields: { got: { var: 'input' } } } }], [['hook', 'out', 'shape']]),
  );
  const hookSecret = expectOk(await designer.request<{ secret: string }>('POST', `${base}/workflows/${hookWorkflow}/triggers/hook/secret`)).secret;
  const manual = await activeWorkflow(
    designer,
    approver,
    tenant,
    'Adversarial manual',
    workflow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'gate', type: 'human.approval', config: { title: 'Check', approverRoles: ['approver'] } },
      ],
      [['start', 'out', 'gate']],
    ),
  );
  const run = expectOk(await owner.request<{ runId: string }>('POST', `${base}/workflows/${manual}/runs`, { input: { order: 'SO-1' } }), 201);
  let taskId = 'no-task';
  for (let attempt = 0; attempt < 50 && taskId === 'no-task'; attempt++) {
    const tasks = expectOk(await owner.request<{ id: string; runId: string }[]>('GET', `${base}/tasks`));
    taskId = tasks.find((task) => task.runId === run.runId)?.id ?? 'no-task';
    if (taskId === 'no-task') await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const credential = await owner.request<{ id: string }>('POST', `${base}/credentials`, { name: 'adversarial', allowedHosts: ['api.example.com'], secret: { type: 'bearer', token: 'adversarial-secret-token' } });
  const token = expectOk(await owner.request<{ id: string }>('POST', '/api/v1/me/tokens', { name: 'adversarial' }), 201);
  const members = expectOk(await owner.request<{ userId: string; email: string }[]>('GET', `${base}/members`));
  return {
    tenantId: tenant,
    workflowId: manual,
    hookWorkflowId: hookWorkflow,
    hookSecret,
    version: '1',
    a: '1',
    b: '1',
    nodeId: 'start',
    runId: run.runId,
    taskId,
    credentialId: credential.status === 201 ? credential.body.id : 'no-credential',
    tokenId: token.id,
    userId: members.find((member) => member.email === DEMO.operator)?.userId ?? 'no-user',
    token: 'not-a-decision-link-token',
  };
}

/** Changes that end sessions or remove fixtures run after everything else. */
function destructiveRank(operation: Operation): number {
  if (operation.path.endsWith('/auth/logout')) return 2;
  if (operation.method === 'delete' || /\/(archive|cancel)$/.test(operation.path)) return 1;
  return 0;
}

function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => values[name] ?? 'no-such-id');
}

function jsonBody(value: unknown): { text: string; contentType: string } {
  return { text: jsonText(value), contentType: 'application/json' };
}

/** The requests for one operation, as one caller. `thorough` adds every malformed variant. */
function probesFor(operation: Operation, token: string | undefined, who: string, thorough: boolean): Probe[] {
  const method = operation.method.toUpperCase();
  const name = `${who} ${method} ${operation.path}`;
  const schema = operation.requestBody?.content['application/json']?.schema;
  const validBody = schema ? jsonBody(bodyVariants(schema)[0]?.value) : undefined;
  const url = fillPath(operation.path, ids);
  const probes: Probe[] = [{ label: `${name} (valid-looking request)`, method, url, token, body: validBody }];
  if (!thorough) {
    const firstPathParam = operation.parameters.find((parameter) => parameter.in === 'path');
    if (firstPathParam) probes.push({ label: `${name} with ${firstPathParam.name} unknown`, method, url: fillPath(operation.path, { ...ids, [firstPathParam.name]: 'does-not-exist' }), token, body: validBody });
    if (schema) probes.push({ label: `${name} with invalid JSON`, method, url, token, body: RAW_BODIES[0]?.value });
    return probes;
  }
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path') {
      for (const variant of ID_VARIANTS) {
        probes.push({ label: `${name} with ${parameter.name} as ${variant.label}`, method, url: fillPath(operation.path, { ...ids, [parameter.name]: variant.value }), token, body: validBody });
      }
    } else {
      for (const variant of QUERY_VARIANTS) {
        probes.push({ label: `${name} with ?${parameter.name} as ${variant.label}`, method, url: `${url}?${parameter.name}=${encodeURIComponent(variant.value)}`, token, body: validBody });
      }
      probes.push({ label: `${name} with ?${parameter.name} repeated`, method, url: `${url}?${parameter.name}=1&${parameter.name}=2`, token, body: validBody });
    }
  }
  if (schema) {
    for (const variant of bodyVariants(schema).slice(1)) probes.push({ label: `${name} with ${variant.label}`, method, url, token, body: jsonBody(variant.value) });
    for (const variant of RAW_BODIES) probes.push({ label: `${name} with ${variant.label}`, method, url, token, body: variant.value });
  } else if (method !== 'GET') {
    probes.push({ label: `${name} with an unexpected body`, method, url, token, body: jsonBody({ unexpected: nest(101) }) });
  }
  return probes;
}

async function send(probe: Probe): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (probe.token) headers.authorization = `Bearer ${probe.token}`;
  if (probe.body?.contentType) headers['content-type'] = probe.body.contentType;
  const attempt = async () => {
    const response = await fetch(`${server.url}${probe.url}`, { method: probe.method, headers, body: probe.body?.text });
    return { probe, status: response.status, text: await response.text() };
  };
  try {
    return await attempt();
  } catch {
    // A kept-alive connection the server closed just as it was reused fails without an answer; a
    // second try on a new connection tells that apart from a server that really stopped answering.
    try {
      return await attempt();
    } catch (error) {
      return { probe, status: 599, text: `the connection failed: ${(error as Error).message}` };
    }
  }
}

/** Sends probes a few at a time, in order of the list. */
async function sendAll(probes: readonly Probe[]): Promise<Outcome[]> {
  const results: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const probe = probes[next++] as Probe;
      results.push(await send(probe));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return results;
}

/** Outcomes that break the contract: a server error, or a refusal that is not the one error shape. */
function violations(results: readonly Outcome[]): string[] {
  const found: string[] = [];
  for (const { probe, status, text } of results) {
    if (status >= SERVER_ERROR) found.push(`${probe.label} → ${status} ${text.slice(0, 200)}`);
    else if (status >= 400 && probe.url.startsWith('/api/')) {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (!isErrorShape(body)) found.push(`${probe.label} → ${status} without the error shape: ${text.slice(0, 200)}`);
    }
  }
  return found;
}

beforeAll(async () => {
  server = await startServerHarness();
  const customer = server.tenants.customer;
  const viewer = await server.app.sessions.createUser('viewer@contoso.example', 'Vera Viewer', 'viewer-password-for-tests');
  await server.app.sql.run('INSERT INTO memberships (user_id, tenant_id, roles, created_at) VALUES (?, ?, ?, ?)', [viewer.id, customer, JSON.stringify(['viewer']), Date.now()]);
  actors = {
    'customer owner': await server.signIn(DEMO.customerOwner),
    'partner owner': await server.signIn(DEMO.partnerOwner),
    'partner designer': await server.signIn(DEMO.consultant),
    'partner approver': await server.signIn(DEMO.approver),
    operator: await server.signIn(DEMO.operator),
    viewer: await server.signIn('viewer@contoso.example', 'viewer-password-for-tests'),
    'platform operator': await server.signIn(DEMO.platformOperator),
  };
  // The operator's routes address a partner of their own, so suspending it leaves the sweep's tenants alone.
  const spare = await server.app.tenants.createPartner('Adversarial Partner', 'adversarial-partner');
  ids = { ...(await fixtures(actors['customer owner'] as ApiClient, actors['partner designer'] as ApiClient, actors['partner approver'] as ApiClient, customer)), partnerId: spare.id };
  expect(ids.taskId, 'the approval gate opened a task to probe').not.toBe('no-task');
  expect(ids.credentialId, 'a credential to probe was created').not.toBe('no-credential');
  const document = expectOk(await server.request<{ paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>> }>('GET', '/api/v1/openapi.json'));
  operations = Object.entries(document.paths)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ ...operation, method, path, parameters: operation.parameters ?? [] })))
    .filter((operation) => operation.path.startsWith('/api/'))
    .sort((a, b) => destructiveRank(a) - destructiveRank(b));
}, 60_000);

afterAll(() => server.close());

describe('the API under malformed input', () => {
  it('starts runs with input nested up to the documented depth (100) and refuses deeper input with 422', async () => {
    const owner = actors['customer owner'] as ApiClient;
    const base = `/api/v1/tenants/${ids.tenantId}/workflows/${ids.workflowId}`;
    for (const route of ['runs', 'test-runs']) {
      for (const levels of [99, 100]) expect((await owner.request('POST', `${base}/${route}`, { input: nest(levels) })).status, `${route} at depth ${levels}`).toBe(201);
      const refused = await owner.request('POST', `${base}/${route}`, { input: nest(101) });
      expect(refused.status, `${route} at depth 101: ${refused.text}`).toBe(422);
    }
  });

  it('refuses definitions too deep or too large to walk with 422 and a path, and stores nothing', async () => {
    const designer = actors['partner designer'] as ApiClient;
    const base = `/api/v1/tenants/${ids.tenantId}/workflows`;
    const poisoned = (config: WorkflowDefinition['nodes'][number]['config']) =>
      workflow([{ id: 'start', type: 'trigger.manual' }, { id: 'shape', type: 'data.transform', config }], [['start', 'out', 'shape']], { name: 'Poisoned' });
    let deepIf: JsonValue = 'leaf';
    for (let level = 0; level < 3000; level++) deepIf = { if: [true, deepIf, 'other'] };
    const poisons: [string, unknown][] = [
      ['a value nested 10,000 deep', poisoned({ fields: { deep: nest(10_000) } })],
      ['an if nested 3,000 deep', poisoned({ fields: { deep: deepIf } })],
      ['a 150,000-item array literal', poisoned({ fields: { list: { merge: [Array.from({ length: 150_000 }, () => 1)] } } })],
    ];
    const { revision } = expectOk(await designer.request<{ revision: number }>('GET', `${base}/${ids.workflowId}`));
    for (const [label, definition] of poisons) {
      const attempts: [string, string, string][] = [
        ['create', base, jsonText({ name: `Poisoned: ${label}`, definition })],
        ['import', `${base}/import`, jsonText(definition)],
        ['save', `${base}/${ids.workflowId}`, jsonText({ revision, definition })],
      ];
      for (const [what, url, text] of attempts) {
        const response = await fetch(`${server.url}${url}`, {
          method: what === 'save' ? 'PUT' : 'POST',
          headers: { authorization: `Bearer ${designer.token}`, 'content-type': 'application/json' },
          body: text,
        });
        const body = (await response.json()) as { error?: { details?: { path: string }[] } };
        expect(response.status, `${what} with ${label}: ${JSON.stringify(body).slice(0, 300)}`).toBe(422);
        expect(body.error?.details?.[0]?.path, `${what} with ${label} names where`).toMatch(/^nodes\[1\]\.config/);
      }
    }
    const listed = expectOk(await designer.request<{ name: string }[]>('GET', base));
    expect(listed.filter((summary) => summary.name.startsWith('Poisoned'))).toEqual([]);
    expectOk(await designer.request('GET', `${base}/${ids.workflowId}`));
  });

  it('answers webhook calls with deep, huge, malformed and unauthenticated bodies without a server error', async () => {
    const url = '/hooks/contoso/adversarial/in';
    const token = ids.hookSecret as string;
    const call = (body: string, headers: Record<string, string>) => fetch(`${server.url}${url}`, { method: 'POST', headers, body });
    const json = { 'content-type': 'application/json', 'x-flowgate-token': token };
    for (const levels of [99, 100]) expect((await call(JSON.stringify(nest(levels)), json)).status, `depth ${levels}`).toBe(202);
    expect((await call(JSON.stringify(nest(101)), json)).status).toBe(422);
    const bodies: [string, string, Record<string, string>][] = [
      ['objects nested 10,000 deep', jsonText(nest(10_000)), json],
      ['arrays nested 10,000 deep', `${'['.repeat(10_000)}${']'.repeat(10_000)}`, json],
      ['invalid JSON', '{"a":', json],
      ['a 150,000-item array', JSON.stringify(Array.from({ length: 150_000 }, () => 0)), json],
      ['text', 'plain text body', { 'content-type': 'text/plain', 'x-flowgate-token': token }],
      ['no token', '{}', { 'content-type': 'application/json' }],
      ['a wrong token', '{}', { 'content-type': 'application/json', 'x-flowgate-token': 'wrong' }],
      ['a body over the limit', JSON.stringify({ filler: 'x'.repeat(1_200_000) }), json],
    ];
    for (const [label, body, headers] of bodies) {
      const response = await call(body, headers).catch((error: Error) => ({ status: 599, text: () => Promise.resolve(error.message) }));
      expect(response.status, `${label}: ${await response.text()}`).toBeLessThan(SERVER_ERROR);
    }
    for (const path of ['/hooks/contoso/..%2F..%2Fetc', '/hooks/%E0%A4%A/x', `/hooks/contoso/${'p'.repeat(5000)}`, '/hooks/', '/hooks/contoso/adversarial/in/extra']) {
      expect((await fetch(`${server.url}${path}`, { method: 'POST', headers: json, body: '{}' })).status, path).toBeLessThan(SERVER_ERROR);
    }
  });

  // Last but one: the sweep archives, cancels, deletes and signs its callers out at the end.
  it('answers every operation of the OpenAPI document, as every caller, without a server error', async () => {
    expect(operations.length).toBeGreaterThan(40);
    const callers: [string, string | undefined, boolean][] = [
      ['customer owner', actors['customer owner']?.token, true],
      ['partner designer', actors['partner designer']?.token, true],
      ['anonymous', undefined, false],
      ['partner owner', actors['partner owner']?.token, false],
      ['partner approver', actors['partner approver']?.token, false],
      ['operator', actors.operator?.token, false],
      ['viewer', actors.viewer?.token, false],
      ['platform operator', actors['platform operator']?.token, true],
    ];
    for (const rank of [0, 1, 2]) {
      const probes = operations
        .filter((operation) => destructiveRank(operation) === rank)
        .flatMap((operation) => callers.flatMap(([who, token, thorough]) => probesFor(operation, token, who, thorough)));
      outcomes.push(...(await sendAll(probes)));
    }
    expect(outcomes.length).toBeGreaterThan(2000);
    expect(violations(outcomes)).toEqual([]);
    // Over 2,000 requests: about 75 s on a 2-core machine running the suite, and over 120 s when
    // other work shares it; the limit only stops a hang.
  }, 300_000);

  it('leaves no run running without progress', async () => {
    const deadline = Date.now() + 10_000;
    let stuck: readonly string[];
    do {
      await server.app.store.flush();
      stuck = await server.app.store.listRunIdsByStatus('running');
      if (stuck.length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    } while (stuck.length > 0 && Date.now() < deadline);
    expect(stuck).toEqual([]);
  });
});
