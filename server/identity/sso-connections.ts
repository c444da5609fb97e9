import type { SqlDatabase } from '../../runtime/store/index.js';
import type { Role } from '../auth/permissions.js';
import { invalid, type ErrorDetail } from '../domain/domain-error.js';
import { isoTime } from '../domain/iso-time.js';
import type { KeyRing } from '../security/key-ring.js';
import type { GroupMapping, SsoConnectionInput } from '../contract/sso.js';

/** A partner's connection as its owners see it: never the client secret. */
export interface SsoConnectionView {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecretSet: true;
  readonly scopes: string[];
  readonly groupsClaim: string;
  readonly mappings: GroupMapping[];
  readonly enabled: boolean;
  readonly mandatory: boolean;
  readonly updatedBy: string;
  readonly updatedAt: string;
  /** People who have signed in through it (their accounts are linked to the provider's subject). */
  readonly linkedPeople: number;
}

/** A connection as the sign-in flow uses it, with the client secret opened. */
export interface SsoConnection {
  readonly partnerId: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
  readonly groupsClaim: string;
  readonly mappings: readonly GroupMapping[];
  readonly enabled: boolean;
  readonly mandatory: boolean;
  /** Changes whenever the connection is saved (caches of the provider's metadata key on it). */
  readonly updatedAt: number;
}

/** The partner whose mandatory single sign-on a person must use, named for the refusal. */
export interface SsoRequirement {
  readonly partnerId: string;
  readonly partnerName: string;
  readonly partnerSlug: string;
}

interface ConnectionRow {
  partner_id: string;
  issuer: string;
  client_id: string;
  client_secret: string;
  scopes: string;
  groups_claim: string;
  mappings: string;
  enabled: number;
  mandatory: number;
  updated_by: string;
  updated_at: number;
}

/** The settings of a stored connection that both the sign-in flow and owners see. */
function settingsOf(row: ConnectionRow) {
  return {
    issuer: row.issuer,
    clientId: row.client_id,
    scopes: JSON.parse(row.scopes) as string[],
    groupsClaim: row.groups_claim,
    mappings: JSON.parse(row.mappings) as GroupMapping[],
    enabled: row.enabled === 1,
    mandatory: row.mandatory === 1,
  };
}

/**
 * Partners' OpenID Connect connections: one per partner, its client secret sealed with the key
 * ring like connector credentials (bound to the partner) and never answered. Mappings name the
 * partner or its customers; mandatory single sign-on needs a connection proven by one sign-in.
 */
export class SsoConnectionService {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly keyRing: KeyRing,
  ) {}

  /** The partner's connection with its secret opened, if it has one. */
  async connection(partnerId: string): Promise<SsoConnection | undefined> {
    const row = await this.row(partnerId);
    if (!row) return undefined;
    return { partnerId, ...settingsOf(row), clientSecret: this.keyRing.decrypt(row.client_secret, aad(partnerId)), updatedAt: row.updated_at };
  }

  /** What owners see of the partner's connection; undefined when it has none. */
  async view(partnerId: string): Promise<SsoConnectionView | undefined> {
    const row = await this.row(partnerId);
    if (!row) return undefined;
    const { linked } = (await this.sql.get<{ linked: number }>('SELECT COUNT(*) AS linked FROM sso_identities WHERE partner_id = ? AND issuer = ?', [partnerId, row.issuer]))!;
    return {
      ...settingsOf(row),
      clientSecretSet: true,
      updatedBy: row.updated_by,
      updatedAt: isoTime(row.updated_at) ?? '',
      linkedPeople: linked,
    };
  }

  /**
   * Creates or replaces the partner's connection (in the caller's transaction, for audited()). The
   * secret may be left out to keep the stored one; mappings must name the partner or its customers;
   * mandatory sign-on needs an enabled connection with mappings through which someone has signed in
   * already, so a misconfigured provider cannot lock everyone out. The partner's connection is locked
   * meanwhile, so a concurrent save cannot slip between the read of the stored secret and the write.
   */
  save(partnerId: string, input: SsoConnectionInput, actorId: string): Promise<{ secretChanged: boolean }> {
    return this.sql.transaction(async () => {
      await this.sql.lock(`sso-connection:${partnerId}`);
      const existing = await this.row(partnerId);
      const problems: ErrorDetail[] = [];
      if (input.clientSecret === undefined && !existing) problems.push({ path: 'body.clientSecret', message: 'is needed to set up the connection' });
      const reachable = new Set(await this.tree(partnerId));
      input.mappings.forEach((mapping, index) => {
        if (!reachable.has(mapping.tenantId)) problems.push({ path: `body.mappings.${index}.tenantId`, message: 'must be this partner or one of its customers' });
      });
      if (input.mandatory) {
        if (!input.enabled) problems.push({ path: 'body.mandatory', message: 'needs the connection enabled' });
        else if (input.mappings.length === 0) problems.push({ path: 'body.mandatory', message: 'needs at least one group mapping' });
        else if (!(await this.provenBy(partnerId, input.issuer))) {
          problems.push({ path: 'body.mandatory', message: 'needs one successful sign-in through this identity provider first, so a misconfigured connection cannot lock everyone out' });
        }
      }
      if (problems.length > 0) throw invalid(`the single sign-on connection cannot be saved: ${problems[0]?.path} ${problems[0]?.message}`, problems);
      const secret = input.clientSecret === undefined ? (existing?.client_secret ?? '') : this.keyRing.encrypt(input.clientSecret, aad(partnerId));
      await this.sql.run(
        `INSERT INTO sso_connections (partner_id, issuer, client_id, client_secret, scopes, groups_claim, mappings, enabled, mandatory, updated_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (partner_id) DO UPDATE SET issuer = excluded.issuer, client_id = excluded.client_id, client_secret = excluded.client_secret,
           scopes = excluded.scopes, groups_claim = excluded.groups_claim, mappings = excluded.mappings, enabled = excluded.enabled,
           mandatory = excluded.mandatory, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        [
          partnerId,
          input.issuer,
          input.clientId,
          secret,
          JSON.stringify(input.scopes),
          input.groupsClaim,
          JSON.stringify(input.mappings),
          input.enabled ? 1 : 0,
          input.mandatory ? 1 : 0,
          actorId,
          Math.max(Date.now(), (existing?.updated_at ?? 0) + 1),
        ],
      );
      return { secretChanged: input.clientSecret !== undefined };
    });
  }

  /** Removes the partner's connection; false when it had none. Linked identities stay for a connection to the same provider. */
  async remove(partnerId: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM sso_connections WHERE partner_id = ?', [partnerId])) > 0;
  }

  /** The partner and its customers: the tenants its connection may grant roles in. */
  async tree(partnerId: string): Promise<string[]> {
    const customers = await this.sql.all<{ id: string }>("SELECT id FROM tenants WHERE parent_id = ? AND kind = 'customer'", [partnerId]);
    return [partnerId, ...customers.map((customer) => customer.id)];
  }

  /**
   * Whether the partner's connection may sign in to the account: only when every membership the
   * account has lies in the partner's tree. A provider vouches for people of its own partner and
   * customers; it can never sign in to an account that also works elsewhere.
   */
  async mayServe(partnerId: string, userId: string): Promise<boolean> {
    const reachable = new Set(await this.tree(partnerId));
    return (await this.memberships(userId)).every((membership) => reachable.has(membership.tenantId));
  }

  /**
   * The partner whose mandatory single sign-on the person must use instead of a password, if any:
   * they belong to its staff or customers, and its connection may sign them in. The partner's owners
   * keep password sign-in, so a provider that is down never locks the partner out of its settings.
   */
  async requiredFor(userId: string): Promise<SsoRequirement | undefined> {
    const mandatory = await this.sql.all<{ partner_id: string; name: string; slug: string }>(
      'SELECT c.partner_id, t.name, t.slug FROM sso_connections c JOIN tenants t ON t.id = c.partner_id WHERE c.enabled = 1 AND c.mandatory = 1',
    );
    if (mandatory.length === 0) return undefined;
    const memberships = await this.memberships(userId);
    for (const partner of mandatory) {
      const tree = new Set(await this.tree(partner.partner_id));
      const inTree = memberships.filter((membership) => tree.has(membership.tenantId));
      if (inTree.length === 0 || inTree.length < memberships.length) continue;
      if (inTree.some((membership) => membership.tenantId === partner.partner_id && membership.roles.includes('owner'))) continue;
      return { partnerId: partner.partner_id, partnerName: partner.name, partnerSlug: partner.slug };
    }
    return undefined;
  }

  private async provenBy(partnerId: string, issuer: string): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS proven FROM sso_identities WHERE partner_id = ? AND issuer = ? LIMIT 1', [partnerId, issuer])) !== undefined;
  }

  private async memberships(userId: string): Promise<{ tenantId: string; roles: Role[] }[]> {
    const rows = await this.sql.all<{ tenant_id: string; roles: string }>('SELECT tenant_id, roles FROM memberships WHERE user_id = ?', [userId]);
    return rows.map((row) => ({ tenantId: row.tenant_id, roles: JSON.parse(row.roles) as Role[] }));
  }

  private row(partnerId: string): Promise<ConnectionRow | undefined> {
    return this.sql.get<ConnectionRow>('SELECT * FROM sso_connections WHERE partner_id = ?', [partnerId]);
  }
}

/** What a sealed client secret is bound to: its partner's connection. */
function aad(partnerId: string): string {
  return `sso-connection:${partnerId}`;
}
