import { randomBytes } from 'node:crypto';
import type { Role } from '../auth/permissions.js';
import { DomainError, conflict, notFound } from '../domain/domain-error.js';
import { hashToken, newToken } from '../security/tokens.js';
import type { SqlDatabase, SqlValue } from '../../runtime/store/index.js';
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
 * nothing); the membership exists once the person accepts. Emails are stored and compared in lower
 * case. Writes join the caller's transaction (audited()).
 */
export class InvitationService {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly tenants: TenantService,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A new invitation and its link token. The tenant's invitations for the email are locked
   * meanwhile, so two concurrent invitations of one person cannot both be created.
   */
  create(tenantId: string, email: string, roles: readonly Role[], invitedBy: string): Promise<{ invitation: Invitation; token: string }> {
    const address = email.toLowerCase();
    return this.sql.transaction(async () => {
      await this.sql.lock(`invitations:${tenantId}:${address}`);
      const member = await this.sql.get('SELECT 1 AS member FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = ? AND u.email = ?', [tenantId, address]);
      if (member) throw conflict(`${address} is already a member of this tenant; change their roles instead`);
      const open = await this.rows('tenant_id = ? AND email = ? AND accepted_at IS NULL AND revoked_at IS NULL', tenantId, address);
      const now = this.now();
      if (open.some((row) => row.expires_at > now)) throw conflict(`an invitation for ${address} is already pending; re-send or revoke it`);
      // An expired one gives way to the new one, so the list shows one invitation per person.
      await this.sql.run('UPDATE invitations SET revoked_at = ? WHERE tenant_id = ? AND email = ? AND accepted_at IS NULL AND revoked_at IS NULL', [now, tenantId, address]);
      const { token, hash } = newToken('fgi');
      const id = randomBytes(12).toString('base64url');
      await this.sql.run('INSERT INTO invitations (id, tenant_id, email, roles, token_hash, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        id,
        tenantId,
        address,
        JSON.stringify(roles),
        hash,
        invitedBy,
        now,
        now + INVITATION_TTL_MS,
      ]);
      return { invitation: await this.get(tenantId, id), token };
    });
  }

  /** The tenant's invitations that were neither accepted nor revoked (pending or expired). */
  async list(tenantId: string): Promise<Invitation[]> {
    const rows = await this.rows('tenant_id = ? AND accepted_at IS NULL AND revoked_at IS NULL ORDER BY created_at', tenantId);
    return rows.map((row) => this.toInvitation(row));
  }

  /** Withdraws an invitation; its link stops working. */
  async revoke(tenantId: string, id: string): Promise<Invitation> {
    const invitation = await this.open(tenantId, id);
    await this.sql.run('UPDATE invitations SET revoked_at = ? WHERE id = ?', [this.now(), id]);
    return { ...invitation, status: 'revoked' };
  }

  /** A new link (and expiry) for an open invitation; the previous link stops working. */
  async renew(tenantId: string, id: string): Promise<{ invitation: Invitation; token: string }> {
    await this.open(tenantId, id);
    const { token, hash } = newToken('fgi');
    const now = this.now();
    await this.sql.run('UPDATE invitations SET token_hash = ?, created_at = ?, expires_at = ? WHERE id = ?', [hash, now, now + INVITATION_TTL_MS, id]);
    return { invitation: await this.get(tenantId, id), token };
  }

  /** The pending invitation a link token stands for; refused with 404 or 410 and a reason otherwise. */
  async byToken(token: string): Promise<Invitation> {
    const row = (await this.rows('token_hash = ?', hashToken(token)))[0];
    if (!row) throw new DomainError('not-found', 'INVALID_LINK', 'this invitation link is not valid; it may have been replaced by a newer one, so look for the latest invitation or ask for a new one');
    const invitation = this.toInvitation(row);
    if (invitation.status === 'accepted') throw new DomainError('gone', 'LINK_USED', 'this invitation was already accepted; sign in to use the workspace');
    if (invitation.status === 'revoked') throw new DomainError('gone', 'LINK_REVOKED', 'this invitation was withdrawn; ask an owner of the workspace for a new one');
    if (invitation.status === 'expired') throw new DomainError('gone', 'LINK_EXPIRED', 'this invitation has expired; ask an owner of the workspace to send it again');
    return invitation;
  }

  /**
   * Accepts the invitation for `userId` (whose email it was sent to): marks it used and grants its
   * roles by a membership of the tenant. Answers the roles that membership now has. The link is
   * used once: the update counts only while the invitation is open and still has this token, so of
   * concurrent accepts (or an accept racing a renewal or revocation) one at most succeeds.
   */
  async accept(token: string, userId: string): Promise<Role[]> {
    const invitation = await this.byToken(token);
    const used = await this.sql.run('UPDATE invitations SET accepted_at = ? WHERE id = ? AND token_hash = ? AND accepted_at IS NULL AND revoked_at IS NULL', [
      this.now(),
      invitation.id,
      hashToken(token),
    ]);
    if (used === 0) throw new DomainError('gone', 'LINK_USED', 'this invitation was already accepted; sign in to use the workspace');
    return this.tenants.grantMembership(invitation.tenantId, userId, invitation.roles);
  }

  private async open(tenantId: string, id: string): Promise<Invitation> {
    const invitation = (await this.rows('id = ? AND tenant_id = ? AND accepted_at IS NULL AND revoked_at IS NULL', id, tenantId))[0];
    if (!invitation) throw notFound('the invitation');
    return this.toInvitation(invitation);
  }

  private async get(tenantId: string, id: string): Promise<Invitation> {
    const row = (await this.rows('id = ? AND tenant_id = ?', id, tenantId))[0];
    if (!row) throw notFound('the invitation');
    return this.toInvitation(row);
  }

  /** Invitations matching `where`, a fixed condition of this class with `?` for each value. */
  private rows(where: string, ...values: SqlValue[]): Promise<InvitationRow[]> {
    return this.sql.all<InvitationRow>(`SELECT * FROM invitations WHERE ${where}`, values);
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
