import { describe, expect, it } from 'vitest';
import { FaultInjector, globMatches } from '../../../server/sandbox/faults.js';
import { IdempotencyCache } from '../../../server/sandbox/idempotency.js';
import { decodeWords, parseMail } from '../../../server/sandbox/messaging/mime-message.js';

describe('fault path globs', () => {
  it.each([
    ['/shopify/**/orders.json', '/shopify/admin/api/2024-10/orders.json', true],
    ['/shopify/**', '/shopify/admin/api/2024-10/orders/1.json', true],
    ['/shipstation/*', '/shipstation/orders', true],
    ['/shipstation/*', '/shipstation/orders/212001001', false],
    ['/teams/webhook/contoso-?????????', '/teams/webhook/contoso-operations', false],
    ['/teams/webhook/contoso-??????', '/teams/webhook/contoso-finance', false],
    ['/teams/webhook/contoso-???????', '/teams/webhook/contoso-finance', true],
    ['/bc/**/salesOrders', '/bc/v2.0/t/production/api/v2.0/companies(x)/salesOrders', true],
    ['/bc/**/salesOrders', '/bc/v2.0/t/production/api/v2.0/companies(x)/salesOrders(y)', false],
  ])('%s matching %s is %s', (glob, path, expected) => {
    expect(globMatches(glob, path)).toBe(expected);
  });

  it('matches a pattern full of stars against a long path without backtracking for ever', () => {
    const glob = `/${'**a'.repeat(20)}**b`;
    expect(globMatches(glob, `/${'a'.repeat(8000)}`)).toBe(false);
    expect(globMatches(glob, `/${'a'.repeat(8000)}b`)).toBe(true);
  });

  it('disarms a fault after its times and counts its hits', () => {
    const faults = new FaultInjector();
    const fault = faults.arm({ method: 'GET', path: '/x', status: 429, times: 2 });
    expect(faults.take('GET', '/x')?.retryAfterSeconds).toBe(1);
    expect(faults.take('POST', '/x')).toBeUndefined();
    expect(faults.take('GET', '/x')).toBeDefined();
    expect(faults.take('GET', '/x')).toBeUndefined();
    expect(fault?.hits).toBe(2);
  });
});

describe('idempotency keys', () => {
  it('keeps at most 10,000 keys, forgetting the oldest first', () => {
    const cache = new IdempotencyCache();
    const reply = { status: 200, body: 'ok' };
    for (let index = 0; index <= 10_000; index++) cache.keep('scope', `key-${index}`, Buffer.from('{}'), reply);
    expect(cache.lookup('scope', 'key-0', Buffer.from('{}')).kind).toBe('new');
    expect(cache.lookup('scope', 'key-1', Buffer.from('{}')).kind).toBe('replay');
    expect(cache.lookup('scope', 'key-10000', Buffer.from('{"a":1}')).kind).toBe('mismatch');
  });
});

describe('mail parsing', () => {
  it('decodes encoded words in B and Q forms, joining adjacent ones', () => {
    expect(decodeWords('=?utf-8?B?QmVzdGVsbA==?= =?utf-8?Q?=C3=BCbersicht?= ready')).toBe('Bestellübersicht ready');
    expect(decodeWords('=?iso-8859-1?Q?M=FCller_GmbH?=')).toBe('Müller GmbH');
  });

  it('reads a nested multipart mail with a quoted-printable body and a named attachment', () => {
    const raw = [
      'From: ops@contoso.example',
      'To: a@contoso.example, "B" <b@contoso.example>',
      'Subject: =?utf-8?Q?Caf=C3=A9_order?=',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      'preamble',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Caf=C3=A9 au lait, a very long line that is soft=',
      ' broken.',
      '--inner',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Café</p>',
      '--inner--',
      '--outer',
      'Content-Type: application/octet-stream',
      'Content-Disposition: attachment; filename*=utf-8\'\'r%C3%A9sum%C3%A9.bin',
      'Content-Transfer-Encoding: base64',
      '',
      'AAECAw==',
      '--outer--',
      '',
    ].join('\r\n');
    const mail = parseMail(Buffer.from(raw, 'utf8'));
    expect(mail).toMatchObject({ subject: 'Café order', to: ['a@contoso.example', 'b@contoso.example'], text: 'Café au lait, a very long line that is soft broken.', html: '<p>Café</p>' });
    expect(mail.attachments).toEqual([{ filename: 'résumé.bin', contentType: 'application/octet-stream', size: 4 }]);
  });
});
