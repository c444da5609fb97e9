import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_AUTHS, curlExample, webhookUrl } from '../../designer/src/editor/triggers/webhook-call.js';
import { workflow } from '../support/definitions.js';
import { DEMO, startServerHarness, type ServerHarness } from '../support/server-harness.js';
import { createActiveWorkflow, rotateSecret, type Governance } from '../support/workflow-lifecycle.js';

/**
 * The copyable example the webhook panel shows, run as it is (bash, curl, openssl) against a real
 * server, for every authentication scheme and for a GET: what a user copies must work.
 */
let server: ServerHarness;
let governance: Governance;

beforeAll(async () => {
  server = await startServerHarness();
  governance = { tenantId: server.tenants.customer, designer: await server.signIn(DEMO.consultant), approver: await server.signIn(DEMO.approver) };
});
afterAll(() => server.close());

describe("the webhook panel's curl example", () => {
  it.each([...WEBHOOK_AUTHS.map((auth) => [auth, 'POST'] as const), ['hmac', 'GET'] as const])('starts a run when run as shown (%s, %s)', async (auth, method) => {
    const path = `examples/${auth}-${method.toLowerCase()}`;
    const definition = workflow(
      [
        { id: 'hook', type: 'trigger.webhook', config: { path, auth, method } },
        { id: 'echo', type: 'data.transform', config: { fields: { received: { var: 'input' } } } },
      ],
      [['hook', 'out', 'echo']],
    );
    const id = await createActiveWorkflow(governance, `Example ${auth} ${method}`, definition);
    const secret = await rotateSecret(governance, id, 'hook');
    const url = webhookUrl(server.url, 'contoso', path) ?? '';
    const script = `${curlExample({ url, method, auth, secret })} -w ' %{http_code}'`;
    // Asynchronously: the server answers from this same process.
    const { stdout } = await promisify(execFile)('bash', ['-c', script], { encoding: 'utf8', timeout: 20_000 });
    expect(stdout).toMatch(/^\{"runId":"[0-9a-f-]+"\} 202$/);
  });
});
