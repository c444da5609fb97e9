import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrationSequence } from '../../../runtime/definition/index.js';
import { SqliteDatabase, openDatabase, runMigrations } from '../../../runtime/store/index.js';
import { serverMigrations } from '../../../server/db/server-migrations.js';
import { TenantService } from '../../../server/services/tenants.js';
import { expectError, expectOk } from '../../support/api-helpers.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';
import { tempDir } from '../../support/temp-dir.js';

/**
 * A partner's logo: uploaded as a data URL, checked and (SVG) sanitised, stored apart from the
 * brand and served from its own URL with headers that keep it an image; the sign-in page's brand.
 */

interface Branding {
  productName: string;
  logoUrl: string | null;
  primaryColor: string;
  accentColor: string;
  supportEmail: string | null;
  supportUrl: string | null;
}

const brand = { productName: 'Northwind Flow', primaryColor: '#0f766e', accentColor: '#f59e0b', supportEmail: 'support@northwind.example', supportUrl: 'https://support.northwind.example' };
const HOSTILE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><script>alert(document.cookie)</script>' +
  '<image href="https://evil.example/track.png"/><rect width="10" height="10" fill="#0f766e"/></svg>';
const dataUrl = (type: string, bytes: Buffer | string) => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

let server: ServerHarness;
let partnerOwner: ApiClient;
let operator: ApiClient;
beforeAll(async () => {
  server = await startServerHarness();
  partnerOwner = await server.signIn(DEMO.partnerOwner);
  operator = await server.signIn(DEMO.operator);
});
afterAll(() => server.close());

const put = (body: Record<string, unknown>) => partnerOwner.request<Branding>('PUT', `/api/v1/tenants/${server.tenants.partner}/branding`, { ...brand, ...body });

describe('logos', () => {
  it('sanitises an SVG logo and serves it as an inert image: its type, nosniff, a CSP that runs nothing', async () => {
    const set = expectOk(await put({ logoDataUrl: dataUrl('image/svg+xml', HOSTILE_SVG) }));
    expect(set.logoUrl).toMatch(new RegExp(`^/brand-logos/${server.tenants.partner}/[0-9a-f]{64}$`));
    const logo = await fetch(`${server.url}${set.logoUrl ?? ''}`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect(logo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(logo.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const served = await logo.text();
    expect(served).toBe('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#0f766e"/></svg>');
    // What was taken out is in the audit entry, for the owner to see.
    const audit = expectOk(await partnerOwner.request<{ items: { details: Record<string, unknown> }[] }>('GET', `/api/v1/tenants/${server.tenants.partner}/audit?action=tenant.branding.update`));
    expect(audit.items.at(-1)?.details).toEqual({ logo: 'image/svg+xml', logoSanitised: ['<image>', '<script>', 'onload'] });
  });

  it("shows the customer's users the new logo on their next page load, and forgets the old one's URL", async () => {
    const before = expectOk(await operator.request<{ workspaces: { branding: Branding }[] }>('GET', '/api/v1/me')).workspaces[0]?.branding.logoUrl;
    const set = expectOk(await put({ logoDataUrl: dataUrl('image/png', PNG) }));
    expect(set.logoUrl).not.toBe(before);
    const me = expectOk(await operator.request<{ workspaces: { branding: Branding }[] }>('GET', '/api/v1/me'));
    expect(me.workspaces[0]?.branding).toEqual(set);
    const png = await fetch(`${server.url}${set.logoUrl ?? ''}`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await png.arrayBuffer()).equals(PNG)).toBe(true);
    const old = await fetch(`${server.url}${before ?? ''}`);
    expect(old.status).toBe(404);
    expect(old.headers.get('content-type')).toContain('application/json');
    // Keeping and removing.
    expect(expectOk(await put({})).logoUrl).toBe(set.logoUrl);
    expect(expectOk(await put({ logoDataUrl: null })).logoUrl).toBeNull();
    expect((await fetch(`${server.url}${set.logoUrl ?? ''}`)).status).toBe(404);
    for (const path of ['/brand-logos/x/not-a-digest', `/brand-logos/${server.tenants.customer}/${'0'.repeat(64)}`]) expect((await fetch(`${server.url}${path}`)).status).toBe(404);
  });

  it('refuses what is not a PNG, JPEG or SVG up to 256 KB, with the field path, and keeps the logo it had', async () => {
    const kept = expectOk(await put({ logoDataUrl: dataUrl('image/png', PNG) })).logoUrl;
    for (const [logoDataUrl, message] of [
      ['javascript:alert(1)', 'PNG, JPEG or SVG'],
      [dataUrl('image/gif', 'GIF89a'), 'PNG, JPEG or SVG'],
      [dataUrl('image/png', '<html><script>alert(1)</script></html>'), 'not a PNG'],
      [dataUrl('image/svg+xml', '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>'), 'DOCTYPE'],
      [dataUrl('image/png', Buffer.concat([PNG, Buffer.alloc(257 * 1024)])), 'at most 256 KB'],
    ] as const) {
      const error = expectError(await put({ logoDataUrl }), 400, 'INVALID_REQUEST');
      expect(error.details).toEqual([{ path: 'body.logoDataUrl', message: expect.stringContaining(message) as string }]);
    }
    expect(expectOk(await partnerOwner.request<Branding>('GET', `/api/v1/tenants/${server.tenants.partner}/branding`)).logoUrl).toBe(kept);
  });
});

describe('the sign-in page brand', () => {
  it("answers a partner's brand for its slug, and nothing — alike — for a customer, an unknown slug or none", async () => {
    const partner = expectOk(await server.request<{ partner: { slug: string; name: string }; branding: Branding }>('GET', '/api/v1/sign-in/brand?partner=northwind'));
    expect(partner.partner).toEqual({ slug: 'northwind', name: 'Northwind Integrations' });
    expect(partner.branding).toEqual(expectOk(await partnerOwner.request('GET', `/api/v1/tenants/${server.tenants.partner}/branding`)));
    const none = { partner: null, branding: null };
    for (const query of ['?partner=contoso', '?partner=no-such-partner', '']) expect(expectOk(await server.request('GET', `/api/v1/sign-in/brand${query}`))).toEqual(none);
    expect(expectError(await server.request('GET', '/api/v1/sign-in/brand?partner=Not%20A%20Slug'), 400, 'INVALID_REQUEST').details[0]?.path).toBe('query.partner');
  });
});

describe('migration server/8: logos move out of the brand', () => {
  it('moves a stored logo through the checks: a hostile SVG is served sanitised, a fake PNG is dropped', async () => {
    const dir = tempDir();
    try {
      const db = openDatabase(join(dir.path, 'flowgate.db'));
      runMigrations(db, createMigrationSequence({ sequenceId: serverMigrations.sequenceId, baseline: 0, sequence: serverMigrations.sequence.slice(0, 6) }));
      const stored = (logoDataUrl: string) => JSON.stringify({ ...brand, logoDataUrl });
      db.prepare("INSERT INTO tenants (id, slug, name, kind, branding, policy, created_at) VALUES ('p1', 'one', 'One', 'partner', ?, '{}', 0)").run(stored(dataUrl('image/svg+xml', HOSTILE_SVG)));
      db.prepare("INSERT INTO tenants (id, slug, name, kind, branding, policy, created_at) VALUES ('p2', 'two', 'Two', 'partner', ?, '{}', 0)").run(stored(dataUrl('image/png', '<script>alert(1)</script>')));

      runMigrations(db, serverMigrations);
      const tenants = new TenantService(new SqliteDatabase(db));
      const one = await tenants.branding('p1');
      expect(one).toMatchObject({ ...brand, logoUrl: expect.stringMatching(/^\/brand-logos\/p1\/[0-9a-f]{64}$/) as string });
      const logo = await tenants.logo('p1', (one.logoUrl ?? '').split('/').at(-1) ?? '');
      expect(logo?.data.toString('utf8')).toBe('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#0f766e"/></svg>');
      expect(await tenants.branding('p2')).toEqual({ ...brand, logoUrl: null });
      expect(db.prepare('SELECT branding FROM tenants').pluck().all().join('')).not.toContain('logoDataUrl');
      db.close();
    } finally {
      dir.remove();
    }
  });
});

describe('a brand read, changed and written back', () => {
  it('takes the logoUrl a GET answered and keeps the logo', async () => {
    const path = `/api/v1/tenants/${server.tenants.partner}/branding`;
    const withLogo = expectOk(await put({ logoDataUrl: dataUrl('image/png', PNG) }));
    const read = expectOk(await partnerOwner.request<Branding>('GET', path));
    const written = expectOk(await partnerOwner.request<Branding>('PUT', path, { ...read, accentColor: '#000000' }));
    expect(written).toEqual({ ...withLogo, accentColor: '#000000' });
    // The logo is kept whatever logoUrl says: only logoDataUrl changes it.
    expect(expectOk(await partnerOwner.request<Branding>('PUT', path, { ...read, logoUrl: '/brand-logos/elsewhere/x' })).logoUrl).toBe(withLogo.logoUrl);
  });
});
