import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSandbox, type DemoSandbox } from '../../../server/cli/demo-sandbox.js';
import { loadConfig } from '../../../server/config.js';
import { DEMO_CREDENTIALS } from '../../../server/sandbox/credentials.js';
import { BC_API } from '../sandbox/sandbox-harness.js';
import { startServer, type RunningServer } from '../../../server/start.js';

/**
 * `flowgate start` with the demo runs the sandbox beside the server: its ports join the egress
 * allow-list (the guard stays on), mail goes to its SMTP sink, the demo's credentials point at it,
 * and `/sandbox` leads to what it received.
 */
let dir: string;
let demo: DemoSandbox;
let running: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flowgate-demo-sandbox-'));
  const base = loadConfig(['--port', '0', '--data', dir], { FLOWGATE_DEMO_PASSWORD: 'a demo password for tests', LOG_LEVEL: 'silent' });
  demo = await startDemoSandbox(base, { port: 0, smtpPort: 0 });
  running = await startServer(demo.config);
});
afterAll(async () => {
  await running.close();
  await demo.sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const customerId = async () => (await running.app.tenants.bySlug('contoso'))?.id ?? '';

describe('the demo with its sandbox', () => {
  it("opens only the sandbox's two loopback ports in the egress guard, which stays on", async () => {
    const sandboxHost = new URL(demo.sandbox.url).host;
    expect(demo.config.egressAllow).toEqual([sandboxHost, `${demo.sandbox.smtp.host}:${demo.sandbox.smtp.port}`]);
    const fetch = running.app.egress.forTenant(await customerId());
    const orders = await fetch(`${demo.sandbox.url}/shopify/admin/api/${DEMO_CREDENTIALS.shopify.apiVersion}/orders.json?limit=1`, {
      headers: { 'X-Shopify-Access-Token': DEMO_CREDENTIALS.shopify.accessToken },
    });
    expect(orders.status).toBe(200);
    // Another loopback port (the server's own) stays closed.
    await expect(fetch(`${running.url}/healthz`, {})).rejects.toThrow(/blocked/);
  });

  it("gives the demo workspace credentials for the sandbox's systems, bound to its address", async () => {
    const credentials = await running.app.credentials.list(await customerId());
    const sandboxHost = new URL(demo.sandbox.url).host;
    expect(credentials.map((credential) => credential.name).sort()).toEqual([
      'Business Central (sandbox)',
      'SMTP (sandbox)',
      'ShipStation (sandbox)',
      'Shopify (sandbox)',
      'Slack #ops-alerts (sandbox)',
      'Teams Contoso Operations (sandbox)',
    ]);
    const smtp = `${demo.sandbox.smtp.host}:${demo.sandbox.smtp.port}`;
    for (const credential of credentials) expect(credential).toMatchObject({ allowedHosts: [credential.name === 'SMTP (sandbox)' ? smtp : sandboxHost], allowDrafts: true });
  });

  it("offers the sandbox's addresses for a template's connection settings", async () => {
    const call = async (path: string, init: RequestInit = {}) => (await fetch(`${running.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } })).json() as Promise<Record<string, unknown>>;
    const login = await call('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email: 'owner@contoso.example', password: 'a demo password for tests' }) });
    const template = await call(`/api/v1/tenants/${await customerId()}/templates/returns-to-refund`, { headers: { authorization: `Bearer ${String(login.token)}` } });
    expect(template.sandboxSettings).toEqual({
      shopUrl: `${demo.sandbox.url}/shopify`,
      erpApiUrl: `${demo.sandbox.url}${BC_API}`,
      erpCompanyId: DEMO_CREDENTIALS.businessCentral.companyId,
      smtpHost: demo.sandbox.smtp.host,
      smtpPort: demo.sandbox.smtp.port,
      smtpSecurity: 'none',
    });
  });

  it("sends the demo's mail to the sandbox's SMTP sink", async () => {
    const before = demo.sandbox.records.effects({ kind: 'mail' }).length;
    const response = await fetch(`${running.url}/api/v1/auth/password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@contoso.example' }),
    });
    expect(response.status).toBe(202);
    await expect.poll(() => demo.sandbox.records.effects({ kind: 'mail' }).length, { timeout: 10_000 }).toBe(before + 1);
  });

  it('leads from /sandbox to the page of what the sandbox received', async () => {
    const response = await fetch(`${running.url}/sandbox`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${demo.sandbox.url}/`);
  });
});
