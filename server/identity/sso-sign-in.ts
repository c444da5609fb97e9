import type { SqlDatabase } from '../../runtime/store/index.js';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import type { AuthUser, NewSession, SessionOrigin, SessionService } from '../auth/sessions.js';
import { DomainError, conflict, notFound } from '../domain/domain-error.js';
import { hashPassword } from '../security/passwords.js';
import type { AuditLog } from '../services/audit-log.js';
import type { TenantService } from '../services/tenants.js';
import type { OidcClients, ProviderClaims } from './oidc-client.js';
import type { SsoConnectionService } from './sso-connections.js';
import { groupsOf, rolesFromGroups, syncMemberships, type MembershipChange } from './sso-provisioning.js';

/** How long a sign-in may take between leaving for the provider and coming back. */
export const SSO_FLOW_TTL_MS = 10 * 60_000;

/** The actor of membership changes an identity provider's groups made. */
export const SSO_ACTOR = 'system:sso';

/** A sign-in that left for the provider: where the browser goes, and the secret its cookie keeps. */
export interface StartedFlow {
  readonly authorizationUrl: string;
  /** Kept in an HttpOnly cookie, so only the browser that started the sign-in can finish it. */
  readonly browserSecret: string;
}

/** A finished sign-in: the new session and the app path to return to. */
export interface FinishedSignIn extends NewSession {
  readonly returnTo: string;
}

interface FlowRow {
  partner_id: string;
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  expires_at: number;
}

/** The one error of a callback that cannot be tied to a sign-in this browser started. */
function staleFlow(message: string): DomainError {
  return new DomainError('malformed', 'SSO_STATE', `${message}; start the sign-in again`);
}

/**
 * Single sign-on with a partner's identity provider: the authorization code flow with state,
 * nonce and PKCE, bound to the browser that started it and usable once. The callback accepts only
 * a verified e-mail address, maps the provider's groups to roles through the partner's mapping
 * (refusing a person no rule gives a role), links the provider's subject to one account — found by
 * that address, or new — and opens a session.
 */
export class SsoSignIn {
  constructor(
    private readonly deps: {
      readonly sql: SqlDatabase;
      readonly connections: SsoConnectionService;
      readonly clients: OidcClients;
      readonly sessions: SessionService;
      readonly tenants: TenantService;
      readonly audit: AuditLog;
      readonly logger: Logger;
    },
  ) {}

  /** Starts a sign-in at the partner's provider (by the partner's slug); `returnTo` is an app path. */
  async start(partnerSlug: string, returnTo: string): Promise<StartedFlow> {
    const partner = await this.deps.tenants.bySlug(partnerSlug);
    const connection = partner?.kind === 'partner' ? await this.deps.connections.connection(partner.id) : undefined;
    if (!partner || !connection?.enabled) throw notFound(`single sign-on for "${partnerSlug}"`);
    const checks = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    const authorizationUrl = await this.deps.clients.authorizationUrl(connection, checks);
    const browserSecret = randomBytes(32).toString('base64url');
    const now = Date.now();
    await this.deps.sql.transaction(async () => {
      await this.deps.sql.run('DELETE FROM sso_flows WHERE expires_at <= ?', [now]);
      await this.deps.sql.run(
        'INSERT INTO sso_flows (state_hash, partner_id, browser_hash, nonce, code_verifier, return_to, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [sha256(checks.state), partner.id, sha256(browserSecret), checks.nonce, checks.codeVerifier, returnTo, now, now + SSO_FLOW_TTL_MS],
      );
    });
    return { authorizationUrl, browserSecret };
  }

  /**
   * Finishes a sign-in from the provider's answer (`search`, the callback's query string) in the
   * browser that started it (`browserSecret` from its cookie).
   */
  async complete(search: string, browserSecret: string | undefined, origin: SessionOrigin): Promise<FinishedSignIn> {
    const state = new URLSearchParams(search).get('state');
    if (!state) throw staleFlow('the identity provider\'s answer carries no state');
    const flow = await this.takeFlow(state);
    if (!browserSecret || !sameHash(sha256(browserSecret), flow.browser_hash)) throw staleFlow('this sign-in was started in another browser or its cookie is gone');
    const connection = await this.deps.connections.connection(flow.partner_id);
    const partner = await this.deps.tenants.get(flow.partner_id);
    if (!connection?.enabled || !partner) throw new DomainError('conflict', 'SSO_DISABLED', 'single sign-on was turned off while you were signing in');
    const claims = await this.deps.clients.claims(connection, search, { state, nonce: flow.nonce, codeVerifier: flow.code_verifier });

    const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined;
    if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) throw new DomainError('forbidden', 'SSO_EMAIL_UNVERIFIED', 'the identity provider sent no e-mail address; ask its administrator to release the "email" claim');
    if (claims.email_verified !== true) {
      throw new DomainError('forbidden', 'SSO_EMAIL_UNVERIFIED', `the identity provider has not verified ${email}, so it cannot sign you in; verify the address there first`);
    }
    const groups = groupsOf(claims[connection.groupsClaim]);
    const roles = rolesFromGroups(connection.mappings, groups);
    if (![...roles.values()].some((granted) => granted.length > 0)) {
      throw new DomainError(
        'forbidden',
        'SSO_NO_ROLE',
        `your groups at the identity provider (${groups.join(', ') || 'none'}) give you no role at ${partner.name}; ask its administrators to map one of your groups to a role`,
      );
    }

    const linked = (await this.linkedUser(flow.partner_id, connection.issuer, claims.sub)) ?? (await this.deps.sessions.userByEmail(email));
    if (linked && !(await this.deps.connections.mayServe(flow.partner_id, linked.id))) {
      throw conflict(`the account of ${linked.email} also belongs to workspaces outside ${partner.name}, so ${partner.name}'s single sign-on cannot sign in to it; sign in with its password`);
    }
    // Hashed before the transaction (slow): an account made here has a password nobody knows.
    const unusablePassword = linked ? undefined : await hashPassword(randomBytes(32).toString('base64url'));
    const { user, changes, newLink } = await this.deps.sql.transaction(async () => {
      const account = linked ?? (await this.deps.sessions.insertUser(email, displayName(claims, email), unusablePassword ?? ''));
      const madeLink = await this.link(flow.partner_id, connection.issuer, claims.sub, account.id);
      const changed = await syncMemberships(this.deps.tenants, account.id, roles);
      await this.auditSignIn(flow.partner_id, account, { created: !linked, newLink: madeLink, groups, changes: changed });
      return { user: account, changes: changed, newLink: madeLink };
    });
    this.deps.logger.info({ partnerId: flow.partner_id, userId: user.id, newLink, changedMemberships: changes.length }, 'signed in with single sign-on');
    return { ...(await this.deps.sessions.openSession(user, 'sso', origin)), returnTo: flow.return_to };
  }

  /** The flow a state belongs to, deleted as it is read (each answer is used once, even by concurrent callbacks). */
  private async takeFlow(state: string): Promise<FlowRow> {
    const flow = await this.deps.sql.get<FlowRow>('DELETE FROM sso_flows WHERE state_hash = ? RETURNING *', [sha256(state)]);
    if (!flow || flow.expires_at <= Date.now()) throw staleFlow('this sign-in is unknown, was already used or took longer than 10 minutes');
    return flow;
  }

  private async linkedUser(partnerId: string, issuer: string, subject: string): Promise<AuthUser | undefined> {
    const identity = await this.deps.sql.get<{ user_id: string }>('SELECT user_id FROM sso_identities WHERE partner_id = ? AND issuer = ? AND subject = ?', [partnerId, issuer, subject]);
    return identity === undefined ? undefined : this.deps.sessions.userById(identity.user_id);
  }

  /** Records the provider's subject for the account (or when it signed in last); true when the link is new. */
  private async link(partnerId: string, issuer: string, subject: string, userId: string): Promise<boolean> {
    const now = Date.now();
    const updated = await this.deps.sql.run('UPDATE sso_identities SET last_sign_in_at = ?, user_id = ? WHERE partner_id = ? AND issuer = ? AND subject = ?', [
      now,
      userId,
      partnerId,
      issuer,
      subject,
    ]);
    if (updated > 0) return false;
    await this.deps.sql.run('INSERT INTO sso_identities (partner_id, issuer, subject, user_id, created_at, last_sign_in_at) VALUES (?, ?, ?, ?, ?, ?)', [
      partnerId,
      issuer,
      subject,
      userId,
      now,
      now,
    ]);
    return true;
  }

  /** Audits what the sign-in changed: a linked or new account (in the partner), and each membership the groups changed. */
  private async auditSignIn(partnerId: string, user: AuthUser, what: { created: boolean; newLink: boolean; groups: readonly string[]; changes: readonly MembershipChange[] }): Promise<void> {
    if (what.newLink) {
      await this.deps.audit.append({
        tenantId: partnerId,
        actorId: user.id,
        action: what.created ? 'user.sso.create' : 'user.sso.link',
        targetType: 'user',
        targetId: user.id,
        details: { email: user.email },
      });
    }
    for (const change of what.changes) {
      await this.deps.audit.append({
        tenantId: change.tenantId,
        actorId: SSO_ACTOR,
        action: 'member.roles.sync',
        targetType: 'user',
        targetId: user.id,
        before: change.before,
        after: change.after,
        details: { roles: change.after, groups: what.groups, partnerId, ...(change.keptOwner ? { keptOwner: true } : {}) },
      });
    }
  }
}

function displayName(claims: ProviderClaims, email: string): string {
  const name = typeof claims.name === 'string' ? claims.name.trim() : '';
  return (name || email.split('@')[0] || email).slice(0, 200);
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
