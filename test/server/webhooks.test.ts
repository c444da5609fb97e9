import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../runtime/definition/index.js';
import { DEMO, startServerHarness, type ApiResponse, type ServerHarness } from '../support/server-harness.js';
import { workflow } from '../support/definitions.js';
import { isErrorShape } from '../support/error-shape.js';
import { activate, createActiveWorkflow, rotateSecret, signedHeaders, type Governance } from '../support/workflow-lifecycle.js';

let server: ServerHarness;
let governance: Governance;

beforeAll(async () => {
  server = await startServerHarness();
  governance = {
    tenantId: server.tenants.customer,
    designer: await server.signIn(DEMO.consultant),
    approver: await server.signIn(DEMO.approver),
  };
});
afterAll(() => server.close());

type ErrorBody = { error: { code: string; message: string; details: unknown[] } };

/** A webhook trigger followed by one transform that echoes the input and the request metadata. */
function echoWorkflow(config: Record<string, JsonValue>) {
  return workflow(
    [
      { id: 'hook', type: 'trigger.webhook', config },
      { id: 'echo', type: 'data.transform', config: { fields: { received: { var: 'input' }, trigger: { var: 'run.trigger' } } } },
    ],
    [['hook', 'out', 'echo']],
  );
}

/** Posts to a webhook of the demo customer tenant. */
function hook(path: string, body: string | undefined, headers: Record<string, string> = {}, method = 'POST'): Promise<ApiResponse> {
  return server.request(method, `/hooks/contoso/${path}`, body, headers);
}

async function storedRun(runId: string) {
  await server.app.store.flush();
  const run = await server.app.store.getRun(runId);
  if (!run) throw new Error(`run ${runId} is not stored`);
  return run;
}

function expectError(response: ApiResponse, status: number, code?: string): void {
  expect(response.status, response.text).toBe(status);
  expect(isErrorShape(response.body), response.text).toBe(true);
  if (code !== undefined) expect((response.body as ErrorBody).error.code).toBe(code);
}

describe('HMAC-signed webhooks (respond immediately)', () => {
  let secret: string;
  let workflowId: string;

  beforeAll(async () => {
    workflowId = await createActiveWorkflow(governance, 'Signed hook', echoWorkflow({ path: 'orders/signed', auth: 'hmac', respond: 'immediately', maxBodyBytes: 200 }));
    secret = await rotateSecret(governance, workflowId, 'hook');
  });

  it('lists the trigger with its URL and never its secret', async () => {
    const triggers = await governance.designer.request<unknown[]>('GET', `/api/v1/tenants/${governance.tenantId}/workflows/${workflowId}/triggers`);
    expect(triggers.status).toBe(200);
    expect(triggers.body).toEqual([{ workflowId, nodeId: 'hook', path: 'orders/signed', url: '/hooks/contoso/orders/signed' }]);
    expect(triggers.text).not.toContain(secret);
  });

  it('accepts a valid signature with 202 and the run id, and refuses the same request again (replay)', async () => {
    const body = JSON.stringify({ orderId: 'SO-1', total: 42 });
    const headers = signedHeaders(secret, body);
    const accepted = await hook('orders/signed', body, headers);
    expect(accepted.status, accepted.text).toBe(202);
    const { runId } = accepted.body as { runId: string };
    expect(runId).toEqual(expect.any(String));
    const run = await storedRun(runId);
    expect(run.workflowId).toBe(workflowId);
    expect(run.input).toEqual({ orderId: 'SO-1', total: 42 });

    expectError(await hook('orders/signed', body, headers), 401, 'UNAUTHENTICATED');
  });

  it('refuses a timestamp ten minutes old, even when correctly signed', async () => {
    const body = JSON.stringify({ orderId: 'SO-2' });
    const response = await hook('orders/signed', body, signedHeaders(secret, body, Math.floor(Date.now() / 1000) - 600));
    expectError(response, 401, 'UNAUTHENTICATED');
    expect((response.body as ErrorBody).error.message).toMatch(/timestamp/);
  });

  it('refuses a wrong signature, a signature of another body, a missing signature and the secret before rotation', async () => {
    const body = JSON.stringify({ orderId: 'SO-3' });
    expectError(await hook('orders/signed', body, signedHeaders('whsec_wrong', body)), 401, 'UNAUTHENTICATED');
    expectError(await hook('orders/signed', body, signedHeaders(secret, JSON.stringify({ orderId: 'SO-4' }))), 401, 'UNAUTHENTICATED');
    expectError(await hook('orders/signed', body), 401, 'UNAUTHENTICATED');
    expectError(await hook('orders/signed', body, { 'x-flowgate-token': secret }), 401, 'UNAUTHENTICATED');
    const rotatedAgain = await rotateSecret(governance, workflowId, 'hook');
    expectError(await hook('orders/signed', body, signedHeaders(secret, body)), 401, 'UNAUTHENTICATED');
    expect((await hook('orders/signed', body, signedHeaders(rotatedAgain, body))).status).toBe(202);
    secret = rotatedAgain;
  });

  it('answers 413 for a body over the trigger limit and starts no run', async () => {
    const before = await server.app.store.listRuns({ tenantId: governance.tenantId, workflowId, limit: 1000 });
    const body = JSON.stringify({ padding: 'x'.repeat(300) });
    expectError(await hook('orders/signed', body, signedHeaders(secret, body)), 413, 'PAYLOAD_TOO_LARGE');
    await server.app.store.flush();
    expect(await server.app.store.listRuns({ tenantId: governance.tenantId, workflowId, limit: 1000 })).toHaveLength(before.length);
  });

  it('answers 400 for an invalid JSON body sent as JSON', async () => {
    const body = '{"orderId": ';
    expectError(await hook('orders/signed', body, signedHeaders(secret, body)), 400, 'INVALID_JSON');
  });

  it('passes a non-JSON body on as text', async () => {
    const body = 'plain words';
    const response = await hook('orders/signed', body, { ...signedHeaders(secret, body), 'content-type': 'text/plain' });
    expect(response.status).toBe(202);
    expect((await storedRun((response.body as { runId: string }).runId)).input).toEqual({ text: 'plain words' });
  });

  it('answers 405 with Allow for another method', async () => {
    const response = await hook('orders/signed', undefined, {}, 'GET');
    expectError(response, 405, 'METHOD_NOT_ALLOWED');
    expect(response.headers.get('allow')).toBe('POST');
    expectError(await hook('orders/signed', '{}', signedHeaders(secret, '{}'), 'PUT'), 405);
  });

  it('answers 404 for an unknown path and an unknown tenant, without telling them apart', async () => {
    const body = '{}';
    const unknownPath = await hook('orders/nowhere', body, signedHeaders(secret, body));
    const unknownTenant = await server.request('POST', '/hooks/no-such-tenant/orders/signed', body, signedHeaders(secret, body));
    const otherTenant = await server.request('POST', '/hooks/northwind/orders/signed', body, signedHeaders(secret, body));
    for (const response of [unknownPath, unknownTenant, otherTenant]) expectError(response, 404, 'NOT_FOUND');
    expect(unknownTenant.body).toEqual(unknownPath.body);
    expect(otherTenant.body).toEqual(unknownPath.body);
  });
});

describe('token-authenticated webhooks', () => {
  let secret: string;

  beforeAll(async () => {
    const workflowId = await createActiveWorkflow(governance, 'Token hook', echoWorkflow({ path: 'token-hook', auth: 'token' }));
    secret = await rotateSecret(governance, workflowId, 'hook');
  });

  it('accepts the right X-Flowgate-Token and refuses a wrong or missing one', async () => {
    const accepted = await hook('token-hook', '{"a":1}', { 'x-flowgate-token': secret });
    expect(accepted.status, accepted.text).toBe(202);
    expect((await storedRun((accepted.body as { runId: string }).runId)).input).toEqual({ a: 1 });
    expectError(await hook('token-hook', '{"a":1}', { 'x-flowgate-token': `${secret}x` }), 401, 'UNAUTHENTICATED');
    expectError(await hook('token-hook', '{"a":1}', { 'x-flowgate-token': 'short' }), 401, 'UNAUTHENTICATED');
    expectError(await hook('token-hook', '{"a":1}'), 401, 'UNAUTHENTICATED');
  });

  it('uses the defaults of the trigger spec for fields the definition leaves out (POST, 1 MiB)', async () => {
    expect((await hook('token-hook', JSON.stringify({ big: 'x'.repeat(500_000) }), { 'x-flowgate-token': secret })).status).toBe(202);
    expectError(await hook('token-hook', JSON.stringify({ big: 'x'.repeat(1_100_000) }), { 'x-flowgate-token': secret }), 413, 'PAYLOAD_TOO_LARGE');
    expectError(await hook('token-hook', undefined, { 'x-flowgate-token': secret }, 'PATCH'), 405);
  });

  it('never puts the token, signature or other credentials into run.trigger', async () => {
    const response = await hook('token-hook', '{"b":2}', {
      'x-flowgate-token': secret,
      'x-flowgate-signature': 'sha256=deadbeef',
      'x-flowgate-timestamp': '1',
      authorization: 'Bearer something',
      cookie: 'fg_session=abc',
      'x-request-id': 'req-77',
    });
    expect(response.status).toBe(202);
    const run = await storedRun((response.body as { runId: string }).runId);
    const trigger = run.trigger as { type: string; method: string; headers: Record<string, string> };
    expect(trigger).toMatchObject({ type: 'webhook', method: 'POST' });
    expect(Object.keys(trigger.headers).sort()).toEqual(['content-type', 'user-agent', 'x-request-id']);
    expect(trigger.headers['x-request-id']).toBe('req-77');
    const stored = JSON.stringify(run);
    for (const leaked of [secret, 'deadbeef', 'Bearer something', 'fg_session', 'x-flowgate-token', 'x-flowgate-signature']) expect(stored).not.toContain(leaked);
  });
});

describe('webhooks that answer on completion', () => {
  const secrets: Record<string, string> = {};

  async function activeHook(name: string, path: string, nodes: Parameters<typeof workflow>[0], edges: Parameters<typeof workflow>[1]): Promise<string> {
    const workflowId = await createActiveWorkflow(governance, name, workflow(nodes, edges));
    secrets[path] = await rotateSecret(governance, workflowId, 'hook');
    return workflowId;
  }

  function call(path: string, payload: unknown, extra: Record<string, string> = {}): Promise<ApiResponse> {
    const body = JSON.stringify(payload);
    return hook(path, body, { ...signedHeaders(secrets[path] ?? '', body), ...extra });
  }

  beforeAll(async () => {
    const trigger = (path: string, timeoutSeconds = 10) => ({ id: 'hook', type: 'trigger.webhook', config: { path, auth: 'hmac', respond: 'onCompletion', timeoutSeconds } });
    await activeHook(
      'Responds',
      'sync/respond',
      [
        trigger('sync/respond'),
        { id: 'shape', type: 'data.transform', config: { fields: { orderId: { var: 'input.orderId' }, trigger: { var: 'run.trigger' } } } },
        {
          id: 'answer',
          type: 'flow.respond',
          config: { status: 201, headers: { 'X-Order-Id': { var: 'input.orderId' } }, body: { cat: ['accepted ', { var: 'input.orderId' }] } },
        },
      ],
      [
        ['hook', 'out', 'shape'],
        ['shape', 'out', 'answer'],
      ],
    );
    await activeHook(
      'Outputs',
      'sync/output',
      [trigger('sync/output'), { id: 'shape', type: 'data.transform', config: { fields: { doubled: { '*': [{ var: 'input.n' }, 2] }, trigger: { var: 'run.trigger' } } } }],
      [['hook', 'out', 'shape']],
    );
    await activeHook(
      'Waits for a person',
      'sync/approval',
      [trigger('sync/approval', 1), { id: 'gate', type: 'human.approval', config: { title: 'Check it', approverRoles: ['approver'] } }],
      [['hook', 'out', 'gate']],
    );
    await activeHook('Fails', 'sync/fails', [trigger('sync/fails'), { id: 'broken', type: 'data.transform', config: { fields: { a: 1, 'a.b': 2 } } }], [['hook', 'out', 'broken']]);
  });

  it("answers with the flow.respond node's status, headers and body", async () => {
    const response = await call('sync/respond', { orderId: 'SO-9' }, { 'x-request-id': 'r-1' });
    expect(response.status, response.text).toBe(201);
    expect(response.headers.get('x-order-id')).toBe('SO-9');
    expect(response.body).toBe('accepted SO-9');
  });

  it('answers 200 with the run output when there is no flow.respond, and run.trigger carries no credentials', async () => {
    const response = await call('sync/output', { n: 21 }, { 'x-request-id': 'r-2' });
    expect(response.status, response.text).toBe(200);
    const output = response.body as { doubled: number; trigger: { type: string; method: string; headers: Record<string, string>; query: unknown } };
    expect(output.doubled).toBe(42);
    expect(output.trigger).toMatchObject({ type: 'webhook', method: 'POST', headers: { 'x-request-id': 'r-2', 'content-type': 'application/json' } });
    expect(Object.keys(output.trigger.headers).filter((name) => name.startsWith('x-flowgate') || name === 'authorization' || name === 'cookie')).toEqual([]);
    expect(response.text).not.toContain(secrets['sync/output']);
  });

  it('answers 202 with the run id after the trigger timeout when the run waits for an approval', async () => {
    const started = Date.now();
    const response = await call('sync/approval', { orderId: 'SO-10' });
    const elapsed = Date.now() - started;
    expect(response.status, response.text).toBe(202);
    const { runId } = response.body as { runId: string };
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5000);
    expect((await storedRun(runId)).status).toBe('waiting');
    const tasks = await governance.approver.request<{ runId: string; status: string }[]>('GET', `/api/v1/tenants/${governance.tenantId}/tasks?status=open`);
    expect(tasks.body.some((task) => task.runId === runId)).toBe(true);
  });

  it('answers 422 RUN_FAILED with the run id when the run fails', async () => {
    const response = await call('sync/fails', {});
    expectError(response, 422, 'RUN_FAILED');
    const { runId } = (response.body as { error: { runId: string } }).error;
    expect((await storedRun(runId)).status).toBe('failed');
  });
});

describe('webhook paths follow activation', () => {
  it('refuses to activate a second workflow on a path another active workflow uses (409)', async () => {
    await createActiveWorkflow(governance, 'Path owner', echoWorkflow({ path: 'shared/path' }));
    const base = `/api/v1/tenants/${governance.tenantId}/workflows`;
    const created = await governance.designer.request<{ id: string }>('POST', base, { name: 'Path thief', definition: echoWorkflow({ path: 'shared/path' }) });
    expect((await governance.designer.request('POST', `${base}/${created.body.id}/versions`, {})).status).toBe(201);
    expect((await governance.approver.request('POST', `${base}/${created.body.id}/versions/1/approve`, {})).status).toBe(200);
    const refused = await activate(governance, created.body.id, 1, 409);
    expect((refused.body as ErrorBody).error.code).toBe('CONFLICT');
    const thief = await governance.designer.request<{ activeVersion: number | null }>('GET', `${base}/${created.body.id}`);
    expect(thief.body.activeVersion).toBeNull();
  });

  it('lets a path be used in another tenant', async () => {
    const owner = await server.signIn(DEMO.partnerOwner);
    const customer = await owner.request<{ id: string }>('POST', `/api/v1/tenants/${server.tenants.partner}/customers`, { name: 'Fabrikam', slug: 'fabrikam' });
    expect(customer.status).toBe(201);
    const other: Governance = { ...governance, tenantId: customer.body.id };
    const workflowId = await createActiveWorkflow(other, 'Same path elsewhere', echoWorkflow({ path: 'shared/path', auth: 'token' }));
    const secret = await rotateSecret(other, workflowId, 'hook');
    expect((await server.request('POST', '/hooks/fabrikam/shared/path', '{}', { 'x-flowgate-token': secret })).status).toBe(202);
  });

  it('stops answering once the workflow is archived (404), and the secret cannot be rotated any more', async () => {
    const workflowId = await createActiveWorkflow(governance, 'Archived hook', echoWorkflow({ path: 'to-archive', auth: 'token' }));
    const secret = await rotateSecret(governance, workflowId, 'hook');
    expect((await hook('to-archive', '{}', { 'x-flowgate-token': secret })).status).toBe(202);
    const archived = await governance.designer.request('POST', `/api/v1/tenants/${governance.tenantId}/workflows/${workflowId}/archive`);
    expect(archived.status).toBe(200);
    expectError(await hook('to-archive', '{}', { 'x-flowgate-token': secret }), 404, 'NOT_FOUND');
    const rotate = await governance.designer.request('POST', `/api/v1/tenants/${governance.tenantId}/workflows/${workflowId}/triggers/hook/secret`);
    expectError(rotate, 404, 'NOT_FOUND');
  });

  it('follows a new activation at once: the moved path answers for version 2, the old one 404, and a rollback brings it back', async () => {
    const base = `/api/v1/tenants/${governance.tenantId}/workflows`;
    const workflowId = await createActiveWorkflow(governance, 'Moving hook', echoWorkflow({ path: 'moving/v1', auth: 'token' }));
    const secret = await rotateSecret(governance, workflowId, 'hook');
    const runVersion = async (path: string) => {
      const response = await hook(path, '{}', { 'x-flowgate-token': secret });
      expect(response.status, response.text).toBe(202);
      return (await storedRun((response.body as { runId: string }).runId)).workflowVersion;
    };
    expect(await runVersion('moving/v1')).toBe(1);
    const draft = await governance.designer.request<{ revision: number }>('GET', `${base}/${workflowId}`);
    const saved = await governance.designer.request('PUT', `${base}/${workflowId}`, { revision: draft.body.revision, definition: echoWorkflow({ path: 'moving/v2', auth: 'token' }) });
    expect(saved.status, saved.text).toBe(200);
    expect((await governance.designer.request('POST', `${base}/${workflowId}/versions`, { note: 'move the path' })).status).toBe(201);
    expect((await governance.approver.request('POST', `${base}/${workflowId}/versions/2/approve`, { comment: 'ok' })).status).toBe(200);
    await activate(governance, workflowId, 2, 200);
    expectError(await hook('moving/v1', '{}', { 'x-flowgate-token': secret }), 404, 'NOT_FOUND');
    expect(await runVersion('moving/v2')).toBe(2);
    await activate(governance, workflowId, 1, 200);
    expectError(await hook('moving/v2', '{}', { 'x-flowgate-token': secret }), 404, 'NOT_FOUND');
    expect(await runVersion('moving/v1')).toBe(1);
  });

  it('answers with headers for machines: JSON, nosniff, no caching, a CSP that allows nothing', async () => {
    const workflowId = await createActiveWorkflow(governance, 'Header hook', echoWorkflow({ path: 'headers', auth: 'token' }));
    const secret = await rotateSecret(governance, workflowId, 'hook');
    for (const response of [await hook('headers', '{}', { 'x-flowgate-token': secret }), await hook('headers', '{}')]) {
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it('decodes path segments, passes query parameters on (repeated ones as a JSON list) and refuses a malformed address', async () => {
    const workflowId = await createActiveWorkflow(governance, 'Query hook', echoWorkflow({ path: 'query/a_b', auth: 'token' }));
    const secret = await rotateSecret(governance, workflowId, 'hook');
    const response = await server.request('POST', '/hooks/contoso/query/%61_b?store=north&sku=A&sku=B', '{}', { 'x-flowgate-token': secret, 'content-type': 'application/json' });
    expect(response.status, response.text).toBe(202);
    const run = await storedRun((response.body as { runId: string }).runId);
    expect((run.trigger as { query: unknown }).query).toEqual({ store: 'north', sku: '["A","B"]' });
    expectError(await server.request('POST', '/hooks/contoso/query/%E0%A4%A', '{}', { 'x-flowgate-token': secret }), 400, 'BAD_REQUEST');
    expectError(await server.request('POST', '/hooks/contoso', '{}', { 'x-flowgate-token': secret }), 404, 'NOT_FOUND');
  });

  it('answers 413 to a streamed body (no Content-Length) that grows past the limit, and the sender gets to read it', async () => {
    const workflowId = await createActiveWorkflow(governance, 'Streamed hook', echoWorkflow({ path: 'streamed', auth: 'token', maxBodyBytes: 1000 }));
    const secret = await rotateSecret(governance, workflowId, 'hook');
    const chunk = new TextEncoder().encode('x'.repeat(1000));
    for (const chunks of [2, 500]) {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ === chunks) controller.close();
          else controller.enqueue(chunk);
        },
      });
      const response = await fetch(`${server.url}/hooks/contoso/streamed`, { method: 'POST', body, duplex: 'half', headers: { 'x-flowgate-token': secret } });
      expect(response.status).toBe(413);
      expect(((await response.json()) as ErrorBody).error.code).toBe('PAYLOAD_TOO_LARGE');
    }
    // The connection is still good for the next request.
    expect((await hook('streamed', '{}', { 'x-flowgate-token': secret })).status).toBe(202);
  });

  it('refuses to rotate the secret of a node that is no webhook trigger (404)', async () => {
    const workflowId = await createActiveWorkflow(governance, 'Rotate wrong node', echoWorkflow({ path: 'rotate-wrong' }));
    expectError(await governance.designer.request('POST', `/api/v1/tenants/${governance.tenantId}/workflows/${workflowId}/triggers/echo/secret`), 404, 'NOT_FOUND');
  });
});

describe('the demo workflow', () => {
  it('accepts a signed order exception after its secret is rotated, and answers from its Respond node', async () => {
    const list = await governance.designer.request<{ id: string; name: string }[]>('GET', `/api/v1/tenants/${governance.tenantId}/workflows?search=Order%20exception`);
    const demo = list.body.find((item) => item.name === 'Order exception routing');
    expect(demo).toBeDefined();
    const secret = await rotateSecret(governance, demo?.id ?? '', 'received');
    const body = JSON.stringify({ orderId: 'SO-100', total: 120, customer: 'Contoso', reason: 'address missing' });
    const response = await hook('order-exceptions', body, signedHeaders(secret, body));
    expect(response.status, response.text).toBe(202);
    expect(response.body).toEqual({ orderId: 'SO-100', queue: 'exceptions', reason: 'address missing' });
  });
});

describe('replay protection across a restart', () => {
  it('refuses a signed request that was accepted before the server restarted, and accepts a new signature', async () => {
    const first = await startServerHarness({ keepDataDir: true });
    const restarted: ServerHarness[] = [];
    try {
      const before: Governance = { tenantId: first.tenants.customer, designer: await first.signIn(DEMO.consultant), approver: await first.signIn(DEMO.approver) };
      const workflowId = await createActiveWorkflow(before, 'Signed across restarts', echoWorkflow({ path: 'restart/signed', auth: 'hmac' }));
      const secret = await rotateSecret(before, workflowId, 'hook');
      const body = JSON.stringify({ orderId: 'SO-9' });
      const headers = signedHeaders(secret, body);
      expect((await first.request('POST', '/hooks/contoso/restart/signed', body, headers)).status).toBe(202);
      await first.close();

      const second = await startServerHarness({ dataDir: first.dataDir });
      restarted.push(second);
      const replay = await second.request('POST', '/hooks/contoso/restart/signed', body, headers);
      expectError(replay, 401, 'UNAUTHENTICATED');
      expect((replay.body as ErrorBody).error.message).toMatch(/replay/);
      expect((await second.request('POST', '/hooks/contoso/restart/signed', body, signedHeaders(secret, body, Math.floor(Date.now() / 1000) + 1))).status).toBe(202);
    } finally {
      for (const server of restarted) await server.close();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
