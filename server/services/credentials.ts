import { randomBytes } from 'node:crypto';
import { NodeExecutionError, type CredentialUse, type TenantHttp, type TenantSecretStore } from '../../runtime/definition/index.js';
import { hostPortText, matchesHost, normalizeHostname, parseHostPattern, urlPort } from '../../runtime/egress/index.js';
import type { SqlDatabase } from '../../runtime/store/index.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { conflict, notFound, invalid } from '../domain/domain-error.js';
import type { KeyRing } from '../security/key-ring.js';
import { isoTime } from '../domain/iso-time.js';

import { credentialSecretSchema, type CredentialSecret } from '../contract/credentials.js';

/** A credential as the API shows it: never its values. */
export interface CredentialSummary {
  readonly id: string;
  readonly name: string;
  readonly type: CredentialSecret['type'];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly rotatedAt: string | null;
  /** Host patterns the credential may be sent to; empty for credentials created before host binding (refused). */
  readonly allowedHosts: string[];
  /** Whether test runs of drafts may use it (set by owners). */
  readonly allowDrafts: boolean;
}

/** A change to the hosts of a credential: the summary after it, and whether it took away draft use. */
export interface HostsChange {
  readonly credential: CredentialSummary;
  readonly before: readonly string[];
  /** Draft use was on and the hosts now include one the owner had not seen; an owner must allow it again. */
  readonly draftUseRevoked: boolean;
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
  allowed_hosts: string;
  allow_drafts: number;
}

/**
 * Connector credentials per tenant, encrypted at rest (AES-256-GCM under the key ring, bound to
 * tenant and credential id), never returned by the API. The engine reads them through
 * {@link CredentialService.secretStore}, always within the run's tenant and for one request: a
 * credential is handed out only for a URL whose host it names, and to a test run of a draft only
 * when an owner allowed that. OAuth2 client credentials are exchanged for an access token there
 * (through the tenant's egress-guarded client), cached until shortly before it expires.
 */
export class CredentialService {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(
    private readonly sql: SqlDatabase,
    private readonly keyRing: KeyRing,
    private readonly http: TenantHttp,
  ) {}

  async list(tenantId: string): Promise<CredentialSummary[]> {
    return (await this.sql.all<CredentialRow>('SELECT * FROM credentials WHERE tenant_id = ? ORDER BY name', [tenantId])).map(toSummary);
  }

  async get(tenantId: string, id: string): Promise<CredentialSummary> {
    return toSummary(await this.row(tenantId, id));
  }

  /**
   * Creates a credential bound to `allowedHosts` (checked by {@link credentialHostsSchema}); drafts
   * may not use it. A name the tenant already uses is a conflict, also when a concurrent request
   * took it meanwhile (the unique index decides).
   */
  async create(tenantId: string, actorId: string, name: string, secret: CredentialSecret, allowedHosts: readonly string[]): Promise<CredentialSummary> {
    const taken = () => conflict(`a credential named "${name}" exists`);
    if (await this.sql.get('SELECT 1 AS taken FROM credentials WHERE tenant_id = ? AND name = ?', [tenantId, name])) throw taken();
    const id = randomBytes(12).toString('base64url');
    try {
      await this.sql.run('INSERT INTO credentials (id, tenant_id, name, type, secret, created_by, created_at, allowed_hosts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        id,
        tenantId,
        name,
        secret.type,
        this.seal(tenantId, id, secret),
        actorId,
        Date.now(),
        JSON.stringify(allowedHosts),
      ]);
    } catch (error) {
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
    return this.get(tenantId, id);
  }

  /**
   * Replaces the hosts the credential may be sent to. Adding a host takes away draft use, if it was
   * on: the owner who allowed it did so for the hosts they saw. The credential is locked from
   * reading its hosts to writing them, so concurrent changes cannot both compare with the old hosts.
   */
  async setAllowedHosts(tenantId: string, id: string, allowedHosts: readonly string[]): Promise<HostsChange> {
    const { before, draftUseRevoked } = await this.sql.transaction(async () => {
      await this.sql.lock(`credential:${id}`);
      const row = await this.row(tenantId, id);
      const hosts = JSON.parse(row.allowed_hosts) as string[];
      const revoked = allowedHosts.some((host) => !hosts.includes(host)) && row.allow_drafts === 1;
      await this.sql.run('UPDATE credentials SET allowed_hosts = ?, allow_drafts = ? WHERE id = ? AND tenant_id = ?', [JSON.stringify(allowedHosts), revoked ? 0 : row.allow_drafts, id, tenantId]);
      return { before: hosts, draftUseRevoked: revoked };
    });
    return { credential: await this.get(tenantId, id), before, draftUseRevoked };
  }

  /** Lets test runs of drafts use the credential, or stops them (an owner's decision; the route checks the role). */
  async setAllowDrafts(tenantId: string, id: string, allowDrafts: boolean): Promise<CredentialSummary> {
    await this.row(tenantId, id);
    await this.sql.run('UPDATE credentials SET allow_drafts = ? WHERE id = ? AND tenant_id = ?', [allowDrafts ? 1 : 0, id, tenantId]);
    return this.get(tenantId, id);
  }

  /** Replaces the values (same type); running workflows pick them up on their next use. */
  async rotate(tenantId: string, id: string, secret: CredentialSecret): Promise<CredentialSummary> {
    const row = await this.row(tenantId, id);
    if (row.type !== secret.type) throw invalid(`the credential is of type ${row.type}; rotate it with new ${row.type} values`);
    await this.sql.run('UPDATE credentials SET secret = ?, rotated_at = ? WHERE id = ?', [this.seal(tenantId, id, secret), Date.now(), id]);
    this.tokens.delete(`${tenantId}:${id}`);
    return this.get(tenantId, id);
  }

  async remove(tenantId: string, id: string): Promise<CredentialSummary> {
    const summary = await this.get(tenantId, id);
    await this.sql.run('DELETE FROM credentials WHERE id = ? AND tenant_id = ?', [id, tenantId]);
    this.tokens.delete(`${tenantId}:${id}`);
    return summary;
  }

  /** Credentials for the engine, resolved within the run's tenant (by id or by name). */
  secretStore(): TenantSecretStore {
    return { get: (tenantId, credential, use) => this.resolve(tenantId, credential, use) };
  }

  private async resolve(tenantId: string, credential: string, use: CredentialUse): Promise<Readonly<Record<string, string>>> {
    const row = await this.sql.get<CredentialRow>('SELECT * FROM credentials WHERE tenant_id = ? AND (id = ? OR name = ?)', [tenantId, credential, credential]);
    if (!row) throw new Error(`credential "${credential}" does not exist in this tenant`);
    assertMayUse(row, use);
    const secret = credentialSecretSchema.parse(JSON.parse(this.keyRing.decrypt(row.secret, aad(tenantId, row.id))));
    switch (secret.type) {
      case 'apiKey':
        return secret.in === 'query' ? { type: 'query', name: secret.name, value: secret.value } : { type: 'header', name: secret.name, value: secret.value };
      case 'basic':
        return { type: 'basic', username: secret.username, password: secret.password };
      case 'bearer':
        return { type: 'bearer', token: secret.token };
      case 'oauth2ClientCredentials':
        return { type: 'bearer', token: await this.accessToken(tenantId, row, secret, use.refresh === true) };
      case 'shopify':
        return { type: 'shopify', accessToken: secret.accessToken };
      case 'webhookUrl':
        return { type: 'webhookUrl', url: secret.url };
    }
  }

  private async accessToken(tenantId: string, row: CredentialRow, secret: Extract<CredentialSecret, { type: 'oauth2ClientCredentials' }>, refresh: boolean): Promise<string> {
    const cacheKey = `${tenantId}:${row.id}`;
    const cached = this.tokens.get(cacheKey);
    if (!refresh && cached && cached.expiresAt > Date.now() + 30_000) return cached.token;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: secret.clientId, client_secret: secret.clientSecret });
    if (secret.scope) body.set('scope', secret.scope);
    const response = await this.http.forTenant(tenantId)(secret.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
      // The client secret travels in the body, and a 307 or 308 would send the body on to wherever
      // it points, another origin included: a token endpoint must answer itself.
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new NodeExecutionError(
        `the OAuth2 token endpoint of the credential "${row.name}" answered with a redirect (HTTP ${response.status}), which is not followed: ` +
          "the client secret would go along. Set the credential's token URL to the endpoint itself",
        { code: 'CREDENTIAL_TOKEN_REDIRECT' },
      );
    }
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

  private async row(tenantId: string, id: string): Promise<CredentialRow> {
    const row = await this.sql.get<CredentialRow>('SELECT * FROM credentials WHERE tenant_id = ? AND id = ?', [tenantId, id]);
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
    allowedHosts: JSON.parse(row.allowed_hosts) as string[],
    allowDrafts: row.allow_drafts === 1,
  };
}

/**
 * Refuses, before anything is decrypted or sent, a use the credential does not allow: by a test
 * run of a draft without the owner's consent, or for a host it does not name.
 */
function assertMayUse(row: CredentialRow, use: CredentialUse): void {
  if (use.draft && row.allow_drafts !== 1) {
    throw new NodeExecutionError(
      `the credential "${row.name}" may not be used by test runs of unapproved drafts; a workspace owner can allow it ` +
        '(allowDrafts on the credential), or test against a sandbox that needs no stored credential',
      { code: 'CREDENTIAL_DRAFT_NOT_ALLOWED' },
    );
  }
  const url = new URL(use.url);
  const destination = { hostname: normalizeHostname(url.hostname), port: urlPort(url) };
  const target = hostPortText(destination.hostname, destination.port);
  const hosts = (JSON.parse(row.allowed_hosts) as string[]).map((host) => parseHostPattern(host, { portRequired: false }));
  if (hosts.length === 0) {
    throw new NodeExecutionError(
      `the credential "${row.name}" names no hosts it may be sent to (it was created before credentials were bound to hosts); ` +
        `a workspace owner or designer must set its allowed hosts, e.g. "${destination.hostname}", before it can be used`,
      { code: 'CREDENTIAL_HOST_NOT_ALLOWED' },
    );
  }
  if (!hosts.some((host) => matchesHost(host, destination))) {
    throw new NodeExecutionError(
      `the credential "${row.name}" may only be sent to ${hosts.map((host) => host.text).join(', ')}, not to ${target}; ` +
        'if that host should have it, add it to the credential\'s allowed hosts',
      { code: 'CREDENTIAL_HOST_NOT_ALLOWED' },
    );
  }
}
