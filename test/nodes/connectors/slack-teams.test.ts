import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execute as postToSlack } from '../../../nodes/slack/post-message/execute.js';
import { spec as slackSpec } from '../../../nodes/slack/post-message/spec.js';
import { NodeExecutionError } from '../../../runtime/definition/index.js';
import { SLACK_WEBHOOKS, TEAMS_WEBHOOKS } from '../../../server/sandbox/credentials.js';
import { engineHarness } from '../../support/engine-harness.js';
import { fakeContext, thrownBy } from '../fake-context.js';
import { connectorHarness, type ConnectorHarness } from './connector-harness.js';

const [opsAlerts, , archived] = SLACK_WEBHOOKS;
const [operations] = TEAMS_WEBHOOKS;
let harness: ConnectorHarness;
let slack: { serviceUrl: string; credential: string };
let teams: { serviceUrl: string; credential: string };

beforeAll(async () => {
  harness = await connectorHarness((sandbox) => ({
    opsAlerts: { type: 'webhookUrl', url: `${sandbox.url}/slack/services/${opsAlerts?.path}` },
    archived: { type: 'webhookUrl', url: `${sandbox.url}/slack/services/${archived?.path}` },
    revoked: { type: 'webhookUrl', url: `${sandbox.url}/slack/services/T0CONTOSO/B0OPSALERTS/revokedToken99` },
    elsewhere: { type: 'webhookUrl', url: 'https://hooks.slack.com/services/T0/B0/elsewhereToken' },
    operations: { type: 'webhookUrl', url: `${sandbox.url}/teams/webhook/${operations?.path}` },
    removed: { type: 'webhookUrl', url: `${sandbox.url}/teams/webhook/removed-connector-77` },
    basic: { type: 'basic', username: 'u', password: 'p' },
  }));
  slack = { serviceUrl: `${harness.sandbox.url}/slack`, credential: 'opsAlerts' };
  teams = { serviceUrl: `${harness.sandbox.url}/teams`, credential: 'operations' };
});
afterAll(() => harness.close());
beforeEach(() => harness.sandbox.sandbox.reset());

function messages(system: 'slack' | 'teams') {
  return harness.sandbox.sandbox.records.effects({ system, kind: 'message' });
}

/** Everything an error shows: its message and details. */
function shown(error: NodeExecutionError): string {
  return JSON.stringify({ message: error.message, details: error.details });
}

describe('connector.slack.postMessage', () => {
  it('posts the text and blocks to the channel, with the idempotency key', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*3 late shipments*' } }];
    const { output } = await harness.run('connector.slack.postMessage', { ...slack, text: 'Late shipments today', blocks }, { idempotencyKey: 'run-1:notify:0' });
    expect(output).toEqual({ ok: true });
    const [message, ...others] = messages('slack');
    expect(others).toEqual([]);
    expect(message).toMatchObject({ idempotencyKey: 'run-1:notify:0', body: { text: 'Late shipments today', blocks }, detail: { channel: '#ops-alerts', text: 'Late shipments today' } });
  });

  it("reports an archived channel with Slack's reason, not retryable, without the webhook's address", async () => {
    const error = await harness.fail('connector.slack.postMessage', { ...slack, credential: 'archived', text: 'hello' });
    expect(error).toMatchObject({ code: 'API_REJECTED', retryable: false, message: 'Slack answered 410 to the incoming webhook: channel_is_archived' });
    expect(shown(error)).not.toContain('sandboxArchivedToken03');
    expect(messages('slack')).toEqual([]);
  });

  it('reports a revoked webhook as unauthorized, without its token', async () => {
    const error = await harness.fail('connector.slack.postMessage', { ...slack, credential: 'revoked', text: 'hello' });
    expect(error).toMatchObject({ code: 'API_UNAUTHORIZED', retryable: false, message: 'Slack answered 403 to the incoming webhook: invalid_token' });
    expect(shown(error)).not.toContain('revokedToken99');
  });

  it('maps a 429 to a retryable error honouring Retry-After', async () => {
    harness.sandbox.sandbox.faults.arm({ method: 'POST', path: '/slack/**', status: 429, retryAfterSeconds: 30, times: 1 });
    const error = await harness.fail('connector.slack.postMessage', { ...slack, text: 'hello' });
    expect(error).toMatchObject({ code: 'API_RATE_LIMITED', retryable: true, retryAfterMs: 30_000 });
    expect(shown(error)).not.toContain(opsAlerts?.path.split('/')[2]);
    const { output } = await harness.run('connector.slack.postMessage', { ...slack, text: 'hello' });
    expect(output).toEqual({ ok: true });
  });

  it('refuses a webhook URL that is not on the service the step names, sending nothing', async () => {
    const error = await harness.fail('connector.slack.postMessage', { ...slack, credential: 'elsewhere', text: 'hello' });
    expect(error).toMatchObject({ code: 'CREDENTIAL_INVALID' });
    expect(error.message).toContain(`is not on ${new URL(harness.sandbox.url).origin}`);
    expect(shown(error)).not.toContain('elsewhereToken');
    expect(harness.sandbox.sandbox.records.calls('slack')).toEqual([]);
  });

  it('refuses a credential of another type', async () => {
    expect(await harness.fail('connector.slack.postMessage', { ...slack, credential: 'basic', text: 'hello' })).toMatchObject({ code: 'CREDENTIAL_INVALID' });
  });

  it('goes through the egress guard: a private address is refused before any packet', async () => {
    const ctxSecrets = { hook: { type: 'webhookUrl', url: 'http://10.0.0.9:8080/services/T0/B0/privateToken' } };
    const error = await harness.fail('connector.slack.postMessage', { serviceUrl: 'http://10.0.0.9:8080', credential: 'hook', text: 'hello' }, { secrets: ctxSecrets });
    expect(error).toMatchObject({ code: 'EGRESS_BLOCKED', retryable: false });
    expect(shown(error)).not.toContain('privateToken');
  });

  it("keeps the webhook's path out of the guard's own errors (a redirect names the URL it left)", async () => {
    const url = 'https://hooks.slack.com/services/T0/B0/redirectedToken';
    const http = () => Promise.reject(new NodeExecutionError(`https://hooks.slack.com/services/T0/B0/redirectedToken redirected more than 5 times in a row`, { code: 'HTTP_REDIRECT', details: { url } }));
    const ctx = fakeContext({ http, secrets: { hook: { type: 'webhookUrl', url } } });
    const error = await thrownBy(() => postToSlack(ctx, slackSpec.config.parse({ credential: 'hook', text: 'hello' }), null));
    expect(error).toMatchObject({ code: 'HTTP_REDIRECT', message: '[redacted] redirected more than 5 times in a row' });
    expect(JSON.stringify((error as NodeExecutionError).details)).not.toContain('redirectedToken');
  });
});

describe('connector.slack.postMessage in a workflow', () => {
  it('is retried by the engine after a 429, no sooner than Retry-After, and posts once', async () => {
    const url = `${harness.sandbox.url}/slack/services/${opsAlerts?.path}`;
    const engine = engineHarness({
      egressAllow: [new URL(harness.sandbox.url).host],
      secrets: {
        get: (_tenantId, credentialId) =>
          credentialId === 'slack' ? Promise.resolve({ type: 'webhookUrl', url }) : Promise.reject(new Error(`no credential ${credentialId}`)),
      },
    });
    const definition = {
      schemaVersion: 1,
      name: 'notify',
      params: [],
      settings: {},
      nodes: [
        { id: 'start', type: 'trigger.manual', version: 1, name: 'Start', position: { x: 0, y: 0 }, config: {} },
        {
          id: 'notify',
          type: 'connector.slack.postMessage',
          version: 1,
          name: 'Notify',
          position: { x: 240, y: 0 },
          config: { serviceUrl: `${harness.sandbox.url}/slack`, credential: 'slack', text: { cat: ['Shipment ', { var: 'input.tracking' }, ' is late'] } },
          retry: { maxAttempts: 3, initialDelayMs: 20, jitter: false },
        },
      ],
      edges: [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'notify', targetPort: 'in' }],
    };
    harness.sandbox.sandbox.faults.arm({ method: 'POST', path: '/slack/**', status: 429, retryAfterSeconds: 5, times: 1 });
    try {
      const start = engine.clock.now().getTime();
      const handle = await engine.engine.start({ definition, input: { tracking: '1Z999' }, tenantId: 'acme' });
      await engine.until(handle.runId, 'waiting');
      expect(await engine.store.nextTimerDue()).toBe(start + 5_000);
      engine.clock.advance(5_000);
      await engine.engine.runDueTimers();
      await engine.until(handle.runId, 'succeeded');
      const key = `${handle.runId}:notify:0`;
      expect(harness.sandbox.sandbox.records.calls('slack').map((call) => call.status)).toEqual([429, 200]);
      expect(messages('slack')).toMatchObject([{ idempotencyKey: key, detail: { text: 'Shipment 1Z999 is late' } }]);
    } finally {
      await engine.close();
    }
  });
});

describe('connector.teams.postMessage', () => {
  const card = {
    title: 'Invoice PS-INV103001 is overdue',
    text: 'Adatum Corporation has not paid.',
    facts: [
      { name: 'Amount', value: '1,250.00 USD' },
      { name: 'Due', value: '2025-03-01' },
    ],
    linkText: 'Open the invoice',
    linkUrl: 'https://erp.example.com/invoices/PS-INV103001',
  };

  it('posts an Adaptive Card with title, text, facts and a link button', async () => {
    const { output } = await harness.run('connector.teams.postMessage', { ...teams, ...card }, { idempotencyKey: 'run-2:teams:0' });
    expect(output).toEqual({ ok: true });
    const [message] = messages('teams');
    expect(message).toMatchObject({
      idempotencyKey: 'run-2:teams:0',
      detail: { channel: 'Contoso Operations', title: card.title, text: `${card.title}\n${card.text}\nAmount: 1,250.00 USD\nDue: 2025-03-01` },
    });
    expect(message?.body).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: { type: 'AdaptiveCard', version: '1.4', actions: [{ type: 'Action.OpenUrl', title: 'Open the invoice', url: card.linkUrl }] },
        },
      ],
    });
  });

  it('posts an Office 365 connector MessageCard', async () => {
    await harness.run('connector.teams.postMessage', { ...teams, ...card, format: 'messageCard' });
    const [message] = messages('teams');
    expect(message?.detail).toEqual({ channel: 'Contoso Operations', title: card.title, text: `${card.text}\nAmount: 1,250.00 USD\nDue: 2025-03-01` });
    expect(message?.body).toEqual({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: card.title,
      title: card.title,
      text: card.text,
      sections: [{ facts: card.facts }],
      potentialAction: [{ '@type': 'OpenUri', name: 'Open the invoice', targets: [{ os: 'default', uri: card.linkUrl }] }],
    });
  });

  it('sends a card without title, facts or button as just the text', async () => {
    await harness.run('connector.teams.postMessage', { ...teams, text: 'Stock count finished' });
    expect(messages('teams')[0]?.detail).toMatchObject({ text: 'Stock count finished' });
  });

  it("reports a removed webhook with Teams' message, not retryable, without its address", async () => {
    const error = await harness.fail('connector.teams.postMessage', { ...teams, credential: 'removed', text: 'hello' });
    expect(error).toMatchObject({ code: 'API_NOT_FOUND', retryable: false, message: 'Microsoft Teams answered 404 to the incoming webhook: Webhook not found: the connector was removed or the URL is wrong.' });
    expect(shown(error)).not.toContain('removed-connector-77');
  });

  it('maps a 503 to a retryable error', async () => {
    harness.sandbox.sandbox.faults.arm({ method: 'POST', path: '/teams/**', status: 503, times: 1 });
    expect(await harness.fail('connector.teams.postMessage', { ...teams, text: 'hello' })).toMatchObject({ code: 'API_UNAVAILABLE', retryable: true });
  });
});
