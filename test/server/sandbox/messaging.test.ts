import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './sandbox-harness.js';

const OPS = '/slack/services/T0CONTOSO/B0OPSALERTS/sandboxOpsAlertsToken01';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.sandbox.reset());

describe('Slack incoming webhooks', () => {
  it('answers ok and records the message with its channel and text', async () => {
    const answer = await sandbox.request('POST', OPS, { body: { text: 'Order #1052 held: high fraud risk' }, headers: { 'idempotency-key': 'run-1:notify:0' } });
    expect(answer).toMatchObject({ status: 200, text: 'ok' });
    expect(sandbox.sandbox.records.effects({ kind: 'message' })).toEqual([
      expect.objectContaining({ system: 'slack', idempotencyKey: 'run-1:notify:0', body: { text: 'Order #1052 held: high fraud risk' }, detail: { channel: '#ops-alerts', text: 'Order #1052 held: high fraud risk' } }),
    ]);
  });

  it('takes Block Kit messages and form-encoded payloads', async () => {
    const blocks = await sandbox.request('POST', OPS, { body: { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*PO-1004* invoice is off by 20 units' } }] } });
    expect(blocks.status).toBe(200);
    const formPost = await sandbox.request('POST', OPS, { body: `payload=${encodeURIComponent(JSON.stringify({ text: 'from a form' }))}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(formPost.status).toBe(200);
    expect(sandbox.sandbox.records.effects({ kind: 'message' }).map((record) => record.detail.text)).toEqual(['*PO-1004* invoice is off by 20 units', 'from a form']);
  });

  it.each([
    ['a body that is not JSON', OPS, 'not json', 400, 'invalid_payload'],
    ['a message without text or blocks', OPS, { username: 'bot' }, 400, 'no_text'],
    ['a wrong token', '/slack/services/T0CONTOSO/B0OPSALERTS/wrong', { text: 'x' }, 403, 'invalid_token'],
    ['an unknown webhook', '/slack/services/T0OTHER/B0OTHER/token', { text: 'x' }, 404, 'no_service'],
    ['an archived channel', '/slack/services/T0CONTOSO/B0ARCHIVED/sandboxArchivedToken03', { text: 'x' }, 410, 'channel_is_archived'],
  ])('refuses %s with Slack\'s plain-text code', async (_label, path, body, status, code) => {
    const answer = await sandbox.request('POST', path, { body, headers: { 'content-type': 'application/json' } });
    expect(answer).toMatchObject({ status, text: code });
    expect(sandbox.sandbox.records.effects()).toEqual([]);
  });
});

describe('Teams incoming webhooks', () => {
  it('answers 1 to a MessageCard and an Adaptive Card message', async () => {
    const card = await sandbox.request('POST', '/teams/webhook/contoso-operations', {
      body: { '@type': 'MessageCard', '@context': 'https://schema.org/extensions', summary: 'Late shipment', title: 'Order #1049 is late', sections: [{ facts: [{ name: 'Carrier', value: 'UPS' }] }] },
    });
    expect(card).toMatchObject({ status: 200, text: '1' });
    const adaptive = await sandbox.request('POST', '/teams/webhook/contoso-finance', {
      body: { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: 'Invoice PI-1005 price mismatch' }, { type: 'FactSet', facts: [{ title: 'Line', value: 'SF-5001' }] }] } }] },
    });
    expect(adaptive).toMatchObject({ status: 200, text: '1' });
    expect(sandbox.sandbox.records.effects({ system: 'teams' }).map((record) => record.detail)).toEqual([
      { channel: 'Contoso Operations', title: 'Order #1049 is late', text: 'Carrier: UPS' },
      { channel: 'Contoso Finance', title: 'Invoice PI-1005 price mismatch', text: 'Invoice PI-1005 price mismatch\nLine: SF-5001' },
    ]);
  });

  it.each([
    ['a body that is not JSON', '/teams/webhook/contoso-operations', 'nope', 400, 'Webhook Bad Request - Null or empty event'],
    ['a card without summary or text', '/teams/webhook/contoso-operations', { '@type': 'MessageCard', title: 'x' }, 400, 'Summary or Text is required.'],
    ['a message without an Adaptive Card', '/teams/webhook/contoso-operations', { type: 'message', attachments: [] }, 400, 'A message needs an attachment'],
    ['an unknown webhook', '/teams/webhook/other', { text: 'x' }, 404, 'Webhook not found'],
  ])('refuses %s', async (_label, path, body, status, message) => {
    const answer = await sandbox.request('POST', path, { body, headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(status);
    expect(answer.text).toContain(message);
  });
});

describe('SMTP sink', () => {
  it('keeps every message: envelope, headers, subject, text and HTML bodies, attachment names', async () => {
    const transport = nodemailer.createTransport({ host: sandbox.sandbox.smtp.host, port: sandbox.sandbox.smtp.port, secure: false, ignoreTLS: true, auth: { user: 'flowgate', pass: 'anything' } });
    const info = await transport.sendMail({
      from: '"Contoso Ops" <ops@contoso.example>',
      to: ['buyer@contoso.example', 'Ärger Müller <mueller@contoso.example>'],
      cc: 'audit@contoso.example',
      subject: 'Stockout risk: JN-2004 — 3 days of cover',
      text: 'Paper towels run out in 3 days; PO-1008 arrives in 6.',
      html: '<p>Paper towels run out in <b>3 days</b>.</p>',
      headers: { 'Idempotency-Key': 'run-7:mail:0' },
      attachments: [
        { filename: 'cover-report.csv', content: 'sku,days\nJN-2004,3\n', contentType: 'text/csv' },
        { filename: 'Bestellübersicht.pdf', content: Buffer.from('%PDF-1.4 fake'), contentType: 'application/pdf' },
      ],
    });
    expect(info.accepted).toHaveLength(3);
    transport.close();
    const [mail] = sandbox.sandbox.records.effects({ kind: 'mail' });
    expect(mail).toMatchObject({ system: 'smtp', method: 'SMTP', idempotencyKey: 'run-7:mail:0' });
    expect(mail?.body).toMatchObject({
      envelope: { from: 'ops@contoso.example', to: ['buyer@contoso.example', 'mueller@contoso.example', 'audit@contoso.example'] },
      authUser: 'flowgate',
      from: 'Contoso Ops <ops@contoso.example>',
      to: ['buyer@contoso.example', 'mueller@contoso.example'],
      cc: ['audit@contoso.example'],
      subject: 'Stockout risk: JN-2004 — 3 days of cover',
      text: 'Paper towels run out in 3 days; PO-1008 arrives in 6.',
      html: '<p>Paper towels run out in <b>3 days</b>.</p>',
      attachments: [
        { filename: 'cover-report.csv', contentType: 'text/csv', size: 19 },
        { filename: 'Bestellübersicht.pdf', contentType: 'application/pdf', size: 13 },
      ],
    });
    expect((mail?.body as { headers: Record<string, string> }).headers['message-id']).toBe(info.messageId);
  });

  it('records a resent mail twice: mail has no replay protocol, so the crash test can count duplicates', async () => {
    const transport = nodemailer.createTransport({ host: sandbox.sandbox.smtp.host, port: sandbox.sandbox.smtp.port, secure: false, ignoreTLS: true });
    for (let attempt = 0; attempt < 2; attempt++) await transport.sendMail({ from: 'a@contoso.example', to: 'b@contoso.example', subject: 'Approval needed', text: 'x', headers: { 'Idempotency-Key': 'run-9:mail:0' } });
    transport.close();
    expect(sandbox.sandbox.records.effects({ idempotencyKey: 'run-9:mail:0' })).toHaveLength(2);
    const page = await sandbox.request('GET', '/');
    expect(page.text).toContain('Approval needed');
  });
});
