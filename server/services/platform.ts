import type { SqlDatabase } from '../../runtime/store/index.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { conflict, notFound } from '../domain/domain-error.js';
import { isoTime } from '../domain/iso-time.js';

/** A partner as the platform operator sees it: no workflows, runs or credentials, only its standing. */
export interface PartnerSummary {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly createdAt: string;
  readonly customers: number;
  readonly members: number;
  /** When it was suspended, and why; null while it is in use. */
  readonly suspendedAt: string | null;
  readonly suspensionReason: string | null;
  /** A host name of its own at which the sign-in page shows its brand (set by the operator). */
  readonly signInHost: string | null;
}

interface PartnerRow {
  id: string;
  slug: string;
  name: string;
  created_at: number;
  suspended_at: number | null;
  suspension_reason: string | null;
  sign_in_host: string | null;
  customers: number;
  members: number;
}

const SELECT_PARTNERS = `SELECT t.id, t.slug, t.name, t.created_at, t.suspended_at, t.suspension_reason, t.sign_in_host,
  (SELECT count(*) FROM tenants c WHERE c.parent_id = t.id) AS customers,
  (SELECT count(*) FROM memberships m WHERE m.tenant_id = t.id) AS members
  FROM tenants t WHERE t.kind = 'partner'`;

/**
 * What the platform operator — the person who runs this Flowgate installation — does: see the
 * partners, suspend and resume them, give them a sign-in host name. The operator is a flag on an
 * account, not a role in a tenant: it grants no access to any partner's or customer's data.
 */
export class PlatformService {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the account is a platform operator. */
  async isOperator(userId: string): Promise<boolean> {
    const row = await this.sql.get<{ platform_operator: number }>('SELECT platform_operator FROM users WHERE id = ?', [userId]);
    return row?.platform_operator === 1;
  }

  /** Whether any account is a platform operator (first-run setup is done once one is). */
  async hasOperator(): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS operator FROM users WHERE platform_operator = 1 LIMIT 1')) !== undefined;
  }

  /** Makes an account a platform operator. */
  async makeOperator(userId: string): Promise<void> {
    await this.sql.run('UPDATE users SET platform_operator = 1 WHERE id = ?', [userId]);
  }

  /** Every partner, by name. */
  async partners(): Promise<PartnerSummary[]> {
    return (await this.sql.all<PartnerRow>(`${SELECT_PARTNERS} ORDER BY t.name`)).map(toSummary);
  }

  async partner(partnerId: string): Promise<PartnerSummary> {
    const row = await this.sql.get<PartnerRow>(`${SELECT_PARTNERS} AND t.id = ?`, [partnerId]);
    if (!row) throw notFound('the partner');
    return toSummary(row);
  }

  /**
   * Suspends a partner: its people and its customers' people can no longer open its workspaces,
   * its webhooks answer 404 and its schedules stop firing, until it is resumed. Nothing is deleted.
   * Only a partner in use is suspended (checked in the update itself, so two at once make one change).
   */
  async suspend(partnerId: string, reason: string): Promise<PartnerSummary> {
    const partner = await this.partner(partnerId);
    const changed = await this.sql.run('UPDATE tenants SET suspended_at = ?, suspension_reason = ? WHERE id = ? AND suspended_at IS NULL', [this.now(), reason, partnerId]);
    if (changed === 0) throw conflict(`${partner.name} is already suspended`);
    return this.partner(partnerId);
  }

  /** Lifts a suspension (checked in the update itself, like {@link suspend}). */
  async resume(partnerId: string): Promise<PartnerSummary> {
    const partner = await this.partner(partnerId);
    const changed = await this.sql.run('UPDATE tenants SET suspended_at = NULL, suspension_reason = NULL WHERE id = ? AND suspended_at IS NOT NULL', [partnerId]);
    if (changed === 0) throw conflict(`${partner.name} is not suspended`);
    return this.partner(partnerId);
  }

  /**
   * Sets (or, with null, clears) the host name at which the sign-in page shows the partner's brand.
   * A host name another partner has, even one set at the same moment, is a conflict.
   */
  async setSignInHost(partnerId: string, host: string | null): Promise<PartnerSummary> {
    await this.partner(partnerId);
    if (host !== null) {
      const taken = await this.sql.get<{ name: string }>('SELECT name FROM tenants WHERE sign_in_host = ? AND id != ?', [host, partnerId]);
      if (taken !== undefined) throw conflict(`the host name ${host} is already the sign-in address of ${taken.name}`);
    }
    try {
      await this.sql.run('UPDATE tenants SET sign_in_host = ? WHERE id = ?', [host, partnerId]);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`the host name ${host} is already the sign-in address of another partner`);
      throw error;
    }
    return this.partner(partnerId);
  }
}

function toSummary(row: PartnerRow): PartnerSummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    createdAt: isoTime(row.created_at),
    customers: row.customers,
    members: row.members,
    suspendedAt: isoTime(row.suspended_at),
    suspensionReason: row.suspension_reason,
    signInHost: row.sign_in_host,
  };
}
