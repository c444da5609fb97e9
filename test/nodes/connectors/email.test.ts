import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineHarness } from '../../support/engine-harness.js';
import { connectorHarness, type ConnectorHarness } from './connector-harness.js';

/** A real SMTP server on loopback that refuses some recipients and checks the login, counting connections. */
interface StrictServer {
  readonly port: number;
  connections: number;
  close(): Promise<void>;
}

async function startStrictServer(): Promise<StrictServer> {
  const state = { connections: 0 };
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      state.connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === 'relay' && auth.password === 'relay-password-1') callback(null, { user: 'relay' });
      else callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@')) callback(Object.assign(new Error('5.1.1 <nobody@contoso.com>: Recipient address rejected: User unknown'), { responseCode: 550 }));
      else if (address.address.startsWith('full@')) callback(Object.assign(new Error('4.2.2 Mailbox full, try again later'), { responseCode: 452 }));
      else callback();
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    get connections() {
      return state.connections;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const tlsFixtures = join(import.meta.dirname, '../../fixtures/tls');

/** An SMTP server speaking TLS from the start with a self-signed certificate, recording the server names (SNI) clients ask for. */
async function startTlsServer(): Promise<{ port: number; serverNames: string[]; close(): Promise<void> }> {
  const serverNames: string[] = [];
  const context = createSecureContext({ key: readFileSync(join(tlsFixtures, 'test-only-key.pem')), cert: readFileSync(join(tlsFixtures, 'test-only-cert.pem')) });
  const server = new SMTPServer({
    secure: true,
    logger: false,
    authOptional: true,
    SNICallback(servername, callback) {
      serverNames.push(servername);
      callback(null, context);
    },
  });
  // The client gives up on the untrusted certificate; the server reports the closed socket.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    serverNames,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = new SMTPServer({ logger: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let harness: ConnectorHarness;
let strict: StrictServer;
let unlisted: StrictServer;
let closed: number;
let tlsServer: Awaited<ReturnType<typeof startTlsServer>>;
let sink: { host: string; port: number; security: 'none'; credential: string };

beforeAll(async () => {
  strict = await startStrictServer();
  unlisted = await startStrictServer();
  closed = await closedPort();
  tlsServer = await startTlsServer();
  harness = await connectorHarness(
    () => ({
      sandboxLogin: { type: 'basic', username: 'sandbox', password: 'sandbox' },
      relay: { type: 'basic', username: 'relay', password: 'relay-password-1' },
      wrongRelay: { type: 'basic', username: 'relay', password: 'guessed-password-9' },
    }),
    {
      allow: [`127.0.0.1:${strict.port}`, `127.0.0.1:${closed}`, `mail.contoso.test:${tlsServer.port}`, `two.contoso.test:${strict.port}`],
      // 127.0.0.2 is loopback too, but nothing listens there: the first address cannot be reached.
      lookup: (hostname) => Promise.resolve({ localhost: [{ address: '127.0.0.1' }], 'mail.contoso.test': [{ address: '127.0.0.1' }], 'two.contoso.test': [{ address: '127.0.0.2' }, { address: '127.0.0.1' }] }[hostname] ?? []),
    },
  );
  const { smtp } = harness.sandbox.sandbox;
  sink = { host: smtp.host, port: smtp.port, security: 'none', credential: 'sandboxLogin' };
});
afterAll(async () => {
  await harness.close();
  await strict.close();
  await unlisted.close();
  await tlsServer.close();
});
beforeEach(() => harness.sandbox.sandbox.reset());

const mail = { from: 'Contoso Ops <ops@contoso.com>', to: ['buyer@fabrikam.com'], subject: 'Stock report', text: 'See the attached report.' };

function mails() {
  return harness.sandbox.sandbox.records.effects({ system: 'smtp', kind: 'mail' });
}

describe('connector.email.send', () => {
  it('delivers the mail with its recipients, subject, bodies and attachments, logged in', async () => {
    const csv = 'sku,available\nPK-1003,0\n';
    const pdf = Buffer.from('%PDF-1.4 a tiny label').toString('base64');
    const { output } = await harness.run(
      'connector.email.send',
      {
        ...sink,
        ...mail,
        to: ['buyer@fabrikam.com', 'Planner <planner@fabrikam.com>'],
        cc: ['ops-lead@contoso.com'],
        bcc: ['audit@contoso.com'],
        replyTo: 'purchasing@contoso.com',
        subject: 'Stock report for PK-1003: out of stock',
        html: '<p>See the <b>attached</b> report.</p>',
        attachments: [
          { filename: 'stock.csv', content: csv, contentType: 'text/csv' },
          { filename: 'label.pdf', content: pdf, encoding: 'base64', contentType: 'application/pdf' },
        ],
      },
      { idempotencyKey: 'run-5:mail:0' },
    );
    const result = output as { messageId: string; accepted: string[]; rejected: string[] };
    expect(result.accepted).toEqual(['buyer@fabrikam.com', 'planner@fabrikam.com', 'ops-lead@contoso.com', 'audit@contoso.com']);
    expect(result.rejected).toEqual([]);
    const [received, ...others] = mails();
    expect(others).toEqual([]);
    expect(received).toMatchObject({ idempotencyKey: 'run-5:mail:0' });
    const body = received?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      envelope: { from: 'ops@contoso.com', to: ['buyer@fabrikam.com', 'planner@fabrikam.com', 'ops-lead@contoso.com', 'audit@contoso.com'] },
      authUser: 'sandbox',
      messageId: result.messageId,
      subject: 'Stock report for PK-1003: out of stock',
      attachments: [
        { filename: 'stock.csv', contentType: 'text/csv', size: Buffer.byteLength(csv) },
        { filename: 'label.pdf', contentType: 'application/pdf', size: 21 },
      ],
    });
    expect(String(body.text).trim()).toBe('See the attached report.');
    expect(String(body.html).trim()).toBe('<p>See the <b>attached</b> report.</p>');
    // Bcc is in the envelope only: no header names it.
    expect(body.to).toEqual(['buyer@fabrikam.com', 'planner@fabrikam.com']);
    expect(body.cc).toEqual(['ops-lead@contoso.com']);
    expect(JSON.stringify(body.headers)).not.toContain('audit@contoso.com');
    expect(body.headers).toMatchObject({ 'reply-to': 'purchasing@contoso.com' });
  });

  it('sends the same Message-ID on every attempt of the step', async () => {
    const first = await harness.run('connector.email.send', { ...sink, ...mail }, { idempotencyKey: 'run-6:mail:0' });
    const again = await harness.run('connector.email.send', { ...sink, ...mail }, { idempotencyKey: 'run-6:mail:0' });
    const other = await harness.run('connector.email.send', { ...sink, ...mail }, { idempotencyKey: 'run-6:mail:1' });
    expect((again.output as { messageId: string }).messageId).toBe((first.output as { messageId: string }).messageId);
    expect((other.output as { messageId: string }).messageId).not.toBe((first.output as { messageId: string }).messageId);
    expect((first.output as { messageId: string }).messageId).toMatch(/^<[0-9a-f]{32}@contoso\.com>$/);
  });

  it('logs in with the credential', async () => {
    const { output } = await harness.run('connector.email.send', { host: '127.0.0.1', port: strict.port, security: 'none', credential: 'relay', ...mail });
    expect(output).toMatchObject({ accepted: ['buyer@fabrikam.com'] });
  });

  it("reports a refused login without retrying, keeping the server's reply and not the password", async () => {
    const error = await harness.fail('connector.email.send', { host: '127.0.0.1', port: strict.port, security: 'none', credential: 'wrongRelay', ...mail });
    expect(error).toMatchObject({ code: 'SMTP_AUTH', retryable: false });
    expect(error.message).toContain('5.7.8 Authentication credentials invalid');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('guessed-password-9');
  });

  it("does not retry a 550, and keeps the server's reply", async () => {
    const error = await harness.fail('connector.email.send', { host: '127.0.0.1', port: strict.port, security: 'none', ...mail, to: ['nobody@contoso.com'] });
    expect(error).toMatchObject({ code: 'SMTP_REJECTED', retryable: false, details: { smtpCode: 550 } });
    expect(error.message).toContain(`the SMTP server 127.0.0.1:${strict.port} refused the mail`);
    expect(error.message).toContain('550 5.1.1 <nobody@contoso.com>: Recipient address rejected: User unknown');
  });

  it('retries a 4xx', async () => {
    const error = await harness.fail('connector.email.send', { host: '127.0.0.1', port: strict.port, security: 'none', ...mail, to: ['full@contoso.com'] });
    expect(error).toMatchObject({ code: 'SMTP_TEMPORARY', retryable: true, details: { smtpCode: 452 } });
    expect(error.message).toContain('4.2.2 Mailbox full, try again later');
  });

  it('sends to the recipients the server accepts and names those it refused', async () => {
    const { output } = await harness.run('connector.email.send', { host: '127.0.0.1', port: strict.port, security: 'none', ...mail, to: ['buyer@fabrikam.com', 'nobody@contoso.com'] });
    expect(output).toMatchObject({ accepted: ['buyer@fabrikam.com'], rejected: ['nobody@contoso.com'] });
  });

  it('retries when the server cannot be reached, or its name does not resolve', async () => {
    const error = await harness.fail('connector.email.send', { host: '127.0.0.1', port: closed, security: 'none', ...mail });
    expect(error).toMatchObject({ code: 'SMTP_NETWORK', retryable: true });
    const unresolved = await harness.fail('connector.email.send', { host: 'gone.contoso.test', port: 25, security: 'none', ...mail });
    expect(unresolved).toMatchObject({ code: 'SMTP_NETWORK', retryable: true, message: 'the SMTP server gone.contoso.test:25 could not be reached: gone.contoso.test did not resolve to any address' });
  });

  it('refuses a server that cannot do STARTTLS when the step asks for it, without retrying', async () => {
    const error = await harness.fail('connector.email.send', { ...sink, security: 'starttls', ...mail });
    expect(error).toMatchObject({ code: 'SMTP_TLS', retryable: false });
    expect(error.message).toBe(
      `no TLS connection to the SMTP server ${sink.host}:${sink.port} could be made (500 Error: command not recognized); ` +
        'check that its certificate is valid for the host name, and choose security "tls" for a server that speaks TLS from ' +
        'the start (port 465), "starttls" for one that upgrades (587), or "none" only for a server on your own network',
    );
    expect(mails()).toEqual([]);
  });

  it("verifies the server's certificate, naming the host (SNI) while connecting to the address the guard resolved", async () => {
    const error = await harness.fail('connector.email.send', { host: 'mail.contoso.test', port: tlsServer.port, security: 'tls', ...mail });
    expect(tlsServer.serverNames).toEqual(['mail.contoso.test']);
    expect(error).toMatchObject({ code: 'SMTP_TLS', retryable: false });
    expect(error.message).toContain(`no TLS connection to the SMTP server mail.contoso.test:${tlsServer.port} could be made (self-signed certificate`);
  });

  it("tries the host's next allowed address when one cannot be reached", async () => {
    const { output } = await harness.run('connector.email.send', { host: 'two.contoso.test', port: strict.port, security: 'none', ...mail });
    expect(output).toMatchObject({ accepted: ['buyer@fabrikam.com'] });
  });

  it('is refused by the egress guard before any packet: a loopback port not on the allow-list', async () => {
    const error = await harness.fail('connector.email.send', { host: '127.0.0.1', port: unlisted.port, security: 'none', ...mail });
    expect(error).toMatchObject({ code: 'EGRESS_BLOCKED', retryable: false });
    expect(error.message).toContain(`the connection to 127.0.0.1:${unlisted.port} was blocked`);
    expect(unlisted.connections).toBe(0);
  });

  it('is refused by the egress guard for a host that resolves to loopback', async () => {
    const error = await harness.fail('connector.email.send', { host: 'localhost', port: unlisted.port, security: 'none', ...mail });
    expect(error).toMatchObject({ code: 'EGRESS_BLOCKED' });
    expect(unlisted.connections).toBe(0);
  });

  it('refuses a mail with neither text nor HTML, and an attachment that is not base64', async () => {
    expect(await harness.fail('connector.email.send', { ...sink, ...mail, text: '' })).toMatchObject({ code: 'EMAIL_EMPTY' });
    const error = await harness.fail('connector.email.send', { ...sink, ...mail, attachments: [{ filename: 'a.pdf', content: 'not base64!', encoding: 'base64' }] });
    expect(error).toMatchObject({ code: 'EMAIL_ATTACHMENT_INVALID', message: 'attachments[0] ("a.pdf") is not valid base64' });
    expect(mails()).toEqual([]);
  });
});

describe('connector.email.send in a workflow', () => {
  it('builds the subject, body and attachment from run data, through the engine and its egress guard', async () => {
    const { smtp } = harness.sandbox.sandbox;
    const engine = engineHarness({ egressAllow: [`${smtp.host}:${smtp.port}`] });
    const definition = {
      schemaVersion: 1,
      name: 'mail-on-hold',
      params: [],
      settings: {},
      nodes: [
        { id: 'start', type: 'trigger.manual', version: 1, name: 'Start', position: { x: 0, y: 0 }, config: {} },
        {
          id: 'mail',
          type: 'connector.email.send',
          version: 1,
          name: 'Mail',
          position: { x: 240, y: 0 },
          config: {
            host: smtp.host,
            port: smtp.port,
            security: 'none',
            from: 'ops@contoso.com',
            to: { var: 'input.contacts' },
            subject: { cat: ['Order ', { var: 'input.order.name' }, ' is on hold'] },
            text: { cat: ['The address of order ', { var: 'input.order.name' }, ' failed validation: ', { var: 'input.order.city' }, '.'] },
            attachments: { var: 'input.files' },
          },
        },
      ],
      edges: [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'mail', targetPort: 'in' }],
    };
    try {
      const input = {
        order: { name: '#1044', city: 'Miam' },
        contacts: ['support@contoso.com', 'ops-lead@contoso.com'],
        files: [{ filename: 'order-1044.json', content: '{"id":5900000001044}', contentType: 'application/json' }],
      };
      const run = await engine.engine.execute({ definition, input, tenantId: 'acme' });
      await engine.until(run.id, 'succeeded');
      const [received] = mails();
      expect(received?.body).toMatchObject({
        envelope: { to: ['support@contoso.com', 'ops-lead@contoso.com'] },
        subject: 'Order #1044 is on hold',
        attachments: [{ filename: 'order-1044.json', contentType: 'application/json', size: 20 }],
      });
      expect(String((received?.body as { text: string }).text).trim()).toBe('The address of order #1044 failed validation: Miam.');
      const step = (await engine.store.listSteps(run.id)).find((candidate) => candidate.nodeId === 'mail');
      expect(step?.output).toMatchObject({ accepted: ['support@contoso.com', 'ops-lead@contoso.com'], rejected: [] });
    } finally {
      await engine.close();
    }
  });
});
