import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { Role } from '../auth/permissions.js';
import { DomainError, conflict, notFound } from '../domain/domain-error.js';
import { hashToken, newToken } from '../security/tokens.js';
import type { TenantService } from './tenants.js';

/** How long an invitation link works: 72 hours, long enough for a weekend, short enough to stay fresh. */
export const INVITATION_TTL_MS = 72 * 3_600_000;

/** An invitation to a tenant as owners see it (never its token). */
export interface Invitation {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly roles: readonly Role[];
  readonly invitedBy: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly status: 'pending' | 'expired' | 'accepted' | 'revoked';
}

interface InvitationRow {
  id: string;
  tenant_id: string;
  email: string;
  roles: string;
  invited_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  revoked_at: number | null;
}

/**
 * Invitations to a tenant: single-use links that expire, stored only as token hashes. Adding a
 * member creates one (whether or not the email has an account anywhere, so the answer reveals
 * nothing); the membership exists once the person accepts. Every method that writes is
 * synchronous, for audited().
 */
export class InvitationService {
  constructor(
    private readonly db: Database.Database,
    private readonly tenants: TenantService,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new invitation and its link token. */
  create(tenantId: string, email: string, roles: readonly Role[], invitedBy: string): { invitation: Invitation; token: string } {
    const member = this.db
      .prepare('SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = ? AND u.email = ?')
      .get(tenantId, email);
    if (member) throw conflict(`${email} is already a member of this tenant; change their roles instead`);
    const open = this.rows('tenant_id = ? AND email = ? AND accepted_at IS NULL AND revoked_at IS NULL', tenantId, email);
    const now = this.now();
    if (open.some((row) => row.expires_at > now)) throw conflict(`an invitation for ${email} is already pending; re-send or revoke it`);
    // An expired one gives way to the new one, so the list shows one invitation per person.
    this.db.prepare('UPDATE invitations SET revoked_at = ? WHERE tenant_id = ? AND email = ? AND accepted_at IS NULL AND revoked_at IS NULL').run(now, tenantId, email);
    const { token, hash } = newToken('fgi');
    const id = randomBytes(12).toString('base64url');
    this.db
      .prepare('INSERT INTO invitations (id, tenant_id, email, roles, token_hash, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, tenantId, email, JSON.stringify(roles), hash, invitedBy, now, now + INVITATION_TTL_MS);
    return { invitation: this.get(tenantId, id), token };
  }

  /** The tenant's invitations that were neither accepted nor revoked (pending or expired). */
  list(tenantId: string): Invitation[] {
    return this.rows('tenant_id = ? AND accepted_at IS NULL AND revoked_at IS NULL ORDER BY created_at', tenantId).map((row) => this.toInvitation(row));
  }

  /** Withdraws an invitation; its link stops working. */
  revoke(tenantId: string, id: string): Invitation {
    const invitation = this.open(tenantId, id);
    this.db.prepare('UPDATE invitations SET revoked_at = ? WHERE id = ?').run(this.now(), id);
    return { ...invitation, status: 'revoked' };
  }

  /** A new link (and expiry) for an open invitation; the previous link stops working. */
  renew(tenantId: string, id: string): { invitation: Invitation; token: string } {
    this.open(tenantId, id);
    const { token, hash } = newToken('fgi');
    const now = this.now();
    this.db.prepare('UPDATE invitations SET token_hash = ?, created_at = ?, expires_at = ? WHERE id = ?').run(hash, now, now + INVITATION_TTL_MS, id);
    return { invitation: this.get(tenantId, id), token };
  }

  /** The pending invitation a link token stands for; refused with 404 or 410 and a reason otherwise. */
  byToken(token: string): Invitation {
    const row = this.rows('token_hash = ?', hashToken(token))[0];
    if (!row) throw new DomainError('not-found', 'INVALID_LINK', 'this invitation link is not valid; it may have been replaced by a newer one, so look for the latest invitation or ask for a new one');
    const invitation = this.toInvitation(row);
    if (invitation.status === 'accepted') throw new DomainError('gone', 'LINK_USED', 'this invitation was already accepted; sign in to use the workspace');
    if (invitation.status === 'revoked') throw new DomainError('gone', 'LINK_REVOKED', 'this invitation was withdrawn; ask an owner of the workspace for a new one');
    if (invitation.status === 'expired') throw new DomainError('gone', 'LINK_EXPIRED', 'this invitation has expired; ask an owner of the workspace to send it again');
    return invitation;
  }

  /**
   * Accepts the invitation for `userId` (whose email it was sent to): marks it used and grants its
   * roles by a membership of the tenant. Answers the roles that membership now has.
   */
  accept(token: string, userId: string): Promise<Role[]> {
    const invitation = this.byToken(token);
    const used = this.db.prepare('UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL').run(this.now(), invitation.id);
    if (used.changes === 0) throw new DomainError('gone', 'LINK_USED', 'this invitation was already accepted; sign in to use the workspace');
    return this.tenants.grantMembership(invitation.tenantId, userId, invitation.roles);
  }

  private open(tenantId: string, id: string): Invitation {
    const invitation = this.rows('id = ? AND tenant_id = ? AND accepted_at IS NULL AND revoked_at IS NULL', id, tenantId)[0];
    if (!invitation) throw notFound('the invitation');
    return this.toInvitation(invitation);
  }

  private get(tenantId: string, id: string): Invitation {
    const row = this.rows('id = ? AND tenant_id = ?', id, tenantId)[0];
    if (!row) throw notFound('the invitation');
    return this.toInvitation(row);
  }

  private rows(where: string, ...values: unknown[]): InvitationRow[] {
    return this.db.prepare(`SELECT * FROM invitations WHERE ${where}`).all(...values) as InvitationRow[];
  }

  private toInvitation(row: InvitationRow): Invitation {
    const status = row.accepted_at !== null ? 'accepted' : row.revoked_at !== null ? 'revoked' : row.expires_at <= this.now() ? 'expired' : 'pending';
    return {
      id: row.id,
      tenantId: row.tenant_id,
      email: row.email,
      roles: JSON.parse(row.roles) as Role[],
      invitedBy: row.invited_by,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      status,
    };
  }
}
