import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { HttpClient, TenantSecretStore } from '../../runtime/definition/index.js';
import { conflict, notFound, unprocessable } from '../http/api-error.js';
import type { KeyRing } from '../security/key-ring.js';
import { isoTime } from '../http/iso-time.js';

/** The kinds of credentials, with the fields each holds (all write-only). */
export const credentialSecretSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('apiKey'), name: z.string().min(1).max(200), value: z.string().min(1).max(4096), in: z.enum(['header', 'query']).default('header') }),
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1).max(500), password: z.string().min(1).max(4096) }),
  z.strictObject({ type: z.literal('bearer'), token: z.string().min(1).max(8192) }),
  z.strictObject({
    type: z.literal('oauth2ClientCredentials'),
    tokenUrl: z.url({ protocol: /^https?$/ }),
    clientId: z.string().min(1).max(500),
    clientSecret: z.string().min(1).max(4096),
    scope: z.string().max(1000).default(''),
  }),
]);
export type CredentialSecret = z.infer<typeof credentialSecretSchema>;

/** A credential as the API shows it: never its values. */
export interface CredentialSummary {
  readonly id: string;
  readonly name: string;
  readonly type: CredentialSecret['type'];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly rotatedAt: string | null;
}

interface CredentialRow {
  id: string;
  tenant_id: string;
  name: string;
  type: CredentialSecret['type'];
  secret: string;
  created_by: string;
  created_at: number;
  rotated_at: number | null;
}

/**
 * Connector credentials per tenant, encrypted at rest (AES-256-GCM under the key ring, bound to
 * tenant and credential id), never returned by the API. The engine reads them through
 * {@link CredentialService.secretStore}, always within the run's tenant; OAuth2 client credentials
 * are exchanged for an access token there, cached until shortly before it expires.
 */
export class CredentialService {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  /** The lookup of `resolve`, which runs for every connector step that uses a credential. */
  private readonly selectForRun: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly keyRing: KeyRing,
    private readonly http: HttpClient,
  ) {
    this.selectForRun = db.prepare('SELECT * FROM credentials WHERE tenant_id = ? AND (id = ? OR name = ?)');
  }

  list(tenantId: string): CredentialSummary[] {
    return (this.db.prepare('SELECT * FROM credentials WHERE tenant_id = ? ORDER BY name').all(tenantId) as CredentialRow[]).map(toSummary);
  }

  get(tenantId: string, id: string): CredentialSummary {
    return toSummary(this.row(tenantId, id));
  }

  create(tenantId: string, actorId: string, name: string, secret: CredentialSecret): CredentialSummary {
    if (this.db.prepare('SELECT 1 FROM credentials WHERE tenant_id = ? AND name = ?').get(tenantId, name)) throw conflict(`a credential named "${name}" exists`);
    const id = randomBytes(12).toString('base64url');
    this.db
      .prepare('INSERT INTO credentials (id, tenant_id, name, type, secret, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, tenantId, name, secret.type, this.seal(tenantId, id, secret), actorId, Date.now());
    return this.get(tenantId, id);
  }

  /** Replaces the values (same type); running workflows pick them up on their next use. */
  rotate(tenantId: string, id: string, secret: CredentialSecret): CredentialSummary {
    const row = this.row(tenantId, id);
    if (row.type !== secret.type) throw unprocessable(`the credential is of type ${row.type}; rotate it with new ${row.type} values`);
    this.db.prepare('UPDATE credentials SET secret = ?, rotated_at = ? WHERE id = ?').run(this.seal(tenantId, id, secret), Date.now(), id);
    this.tokens.delete(`${tenantId}:${id}`);
    return this.get(tenantId, id);
  }

  remove(tenantId: string, id: string): CredentialSummary {
    const summary = this.get(tenantId, id);
    this.db.prepare('DELETE FROM credentials WHERE id = ? AND tenant_id = ?').run(id, tenantId);
    this.tokens.delete(`${tenantId}:${id}`);
    return summary;
  }

  /** Credentials for the engine, resolved within the run's tenant (by id or by name). */
  secretStore(): TenantSecretStore {
    return { get: (tenantId, credential) => this.resolve(tenantId, credential) };
  }

  private async resolve(tenantId: string, credential: string): Promise<Readonly<Record<string, string>>> {
    const row = this.selectForRun.get(tenantId, credential, credential) as CredentialRow | undefined;
    if (!row) throw new Error(`credential "${credential}" does not exist in this tenant`);
    const secret = credentialSecretSchema.parse(JSON.parse(this.keyRing.decrypt(row.secret, aad(tenantId, row.id))));
    switch (secret.type) {
      case 'apiKey':
        return secret.in === 'query' ? { type: 'query', name: secret.name, value: secret.value } : { type: 'header', name: secret.name, value: secret.value };
      case 'basic':
        return { type: 'basic', username: secret.username, password: secret.password };
      case 'bearer':
        return { type: 'bearer', token: secret.token };
      case 'oauth2ClientCredentials':
        return { type: 'bearer', token: await this.accessToken(`${tenantId}:${row.id}`, secret) };
    }
  }

  private async accessToken(cacheKey: string, secret: Extract<CredentialSecret, { type: 'oauth2ClientCredentials' }>): Promise<string> {
    const cached = this.tokens.get(cacheKey);
    if (cached && cached.expiresAt > Date.now() + 30_000) return cached.token;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: secret.clientId, client_secret: secret.clientSecret });
    if (secret.scope) body.set('scope', secret.scope);
    const response = await this.http(secret.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) throw new Error(`the OAuth2 token endpoint answered HTTP ${response.status}`);
    const token = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof token.access_token !== 'string') throw new Error('the OAuth2 token endpoint sent no access_token');
    const lifetime = typeof token.expires_in === 'number' ? token.expires_in * 1000 : 300_000;
    this.tokens.set(cacheKey, { token: token.access_token, expiresAt: Date.now() + lifetime });
    return token.access_token;
  }

  private seal(tenantId: string, id: string, secret: CredentialSecret): string {
    return this.keyRing.encrypt(JSON.stringify(secret), aad(tenantId, id));
  }

  private row(tenantId: string, id: string): CredentialRow {
    const row = this.db.prepare('SELECT * FROM credentials WHERE tenant_id = ? AND id = ?').get(tenantId, id) as CredentialRow | undefined;
    if (!row) throw notFound('the credential');
    return row;
  }
}

function aad(tenantId: string, id: string): string {
  return `credential:${tenantId}:${id}`;
}

function toSummary(row: CredentialRow): CredentialSummary {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    createdBy: row.created_by,
    createdAt: isoTime(row.created_at),
    rotatedAt: isoTime(row.rotated_at),
  };
}
