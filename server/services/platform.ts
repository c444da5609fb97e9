import type Database from 'better-sqlite3';
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
 * Every method that writes is synchronous, for audited().
 */
export class PlatformService {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the account is a platform operator. */
  isOperator(userId: string): boolean {
    return this.db.prepare('SELECT platform_operator FROM users WHERE id = ?').pluck().get(userId) === 1;
  }

  /** Whether any account is a platform operator (first-run setup is done once one is). */
  hasOperator(): boolean {
    return this.db.prepare('SELECT 1 FROM users WHERE platform_operator = 1 LIMIT 1').get() !== undefined;
  }

  /** Makes an account a platform operator. */
  makeOperator(userId: string): void {
    this.db.prepare('UPDATE users SET platform_operator = 1 WHERE id = ?').run(userId);
  }

  /** Every partner, by name. */
  partners(): PartnerSummary[] {
    return (this.db.prepare(`${SELECT_PARTNERS} ORDER BY t.name`).all() as PartnerRow[]).map(toSummary);
  }

  partner(partnerId: string): PartnerSummary {
    const row = this.db.prepare(`${SELECT_PARTNERS} AND t.id = ?`).get(partnerId) as PartnerRow | undefined;
    if (!row) throw notFound('the partner');
    return toSummary(row);
  }

  /**
   * Suspends a partner: its people and its customers' people can no longer open its workspaces,
   * its webhooks answer 404 and its schedules stop firing, until it is resumed. Nothing is deleted.
   */
  suspend(partnerId: string, reason: string): PartnerSummary {
    const partner = this.partner(partnerId);
    if (partner.suspendedAt !== null) throw conflict(`${partner.name} is already suspended`);
    this.db.prepare('UPDATE tenants SET suspended_at = ?, suspension_reason = ? WHERE id = ?').run(this.now(), reason, partnerId);
    return this.partner(partnerId);
  }

  /** Lifts a suspension. */
  resume(partnerId: string): PartnerSummary {
    const partner = this.partner(partnerId);
    if (partner.suspendedAt === null) throw conflict(`${partner.name} is not suspended`);
    this.db.prepare('UPDATE tenants SET suspended_at = NULL, suspension_reason = NULL WHERE id = ?').run(partnerId);
    return this.partner(partnerId);
  }

  /** Sets (or, with null, clears) the host name at which the sign-in page shows the partner's brand. */
  setSignInHost(partnerId: string, host: string | null): PartnerSummary {
    this.partner(partnerId);
    if (host !== null) {
      const taken = this.db.prepare('SELECT name FROM tenants WHERE sign_in_host = ? AND id != ?').pluck().get(host, partnerId) as string | undefined;
      if (taken !== undefined) throw conflict(`the host name ${host} is already the sign-in address of ${taken}`);
    }
    this.db.prepare('UPDATE tenants SET sign_in_host = ? WHERE id = ?').run(host, partnerId);
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
