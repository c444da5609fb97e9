import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOk } from '../../support/api-helpers.js';
import { linkIn, parseMail, tokenOf } from '../../support/mail-sink.js';
import { DEMO, startServerHarness, type ServerHarness } from '../../support/server-harness.js';

let server: ServerHarness;
beforeAll(async () => {
  server = await startServerHarness({ mail: 'outbox' });
});
afterAll(() => server.close());

describe('mail without an SMTP server', () => {
  it('is written as .eml files (0600) to <data>/outbox, logged in one line without the link', async () => {
    const owner = await server.signIn(DEMO.customerOwner);
    const invited = expectOk(await owner.request<{ delivery: string }>('POST', `/api/v1/tenants/${server.tenants.customer}/members`, { email: 'outbox.person@contoso.example', roles: ['viewer'] }), 201);
    expect(invited.delivery).toBe('sent');

    const outbox = join(server.dataDir, 'outbox');
    expect(statSync(outbox).mode & 0o777).toBe(0o700);
    const files = readdirSync(outbox);
    expect(files).toHaveLength(1);
    const file = join(outbox, files[0] ?? '');
    expect(files[0]).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{8}\.eml$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const mail = parseMail(readFileSync(file, 'utf8'));
    expect(mail.to).toEqual(['outbox.person@contoso.example']);
    expect(mail.from).toBe('Northwind Flow <no-reply@flowgate.test>');
    expect(mail.subject).toBe('You are invited to Contoso Distribution on Northwind Flow');
    const link = linkIn(mail, '/accept-invite');
    expect(expectOk(await server.request<{ email: string }>('GET', `/api/v1/invitations/${tokenOf(link)}`)).email).toBe('outbox.person@contoso.example');

    const lines = server.logs.filter((line) => line.includes('mail written to the outbox'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ path: file, to: 'outbox.person@contoso.example' });
    expect(server.logs.join('\n')).not.toContain(tokenOf(link));
    expect(server.mail.messages).toEqual([]);
  });
});
