import { z } from 'zod';
import { clientAddress } from '../auth/client-address.js';
import { passwordField, requireStrongPassword } from '../auth/password-policy.js';
import { DomainError, busy } from '../domain/domain-error.js';
import { isoTime } from '../domain/iso-time.js';
import { auditAccountEvent } from '../identity/account-events.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { hashPassword } from '../security/passwords.js';
import { tooManyAttempts } from './auth.js';
import { okSchema } from '../contract/common.js';

const tokenParams = z.object({ token: z.string().min(10).max(200) });

/** Password reset by mailed link, and password change. */
export const passwordRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/password-reset',
    summary: 'Ask for a password reset link by mail; the same 202 whether or not the email has an account (throttled per address and email)',
    tags: ['auth'],
    access: { kind: 'public' },
    status: 202,
    body: z.object({ email: z.email().max(320) }),
    response: okSchema,
    async handler({ app, body, req }) {
      const email = body.email.toLowerCase();
      const wait = await app.signInThrottle.admitReset({ email, address: clientAddress(req.ip) });
      if (wait > 0) throw busy('TOO_MANY_REQUESTS', `too many password reset requests; try again in ${wait} seconds`, wait);
      // After the answer, so its timing is the same whether or not the account exists.
      setImmediate(() => {
        const send = async () => {
          const user = await app.sessions.userByEmail(email);
          if (!user) return;
          const { token, expiresAt } = await app.passwordResets.issue(user.id);
          await app.accountMail.passwordReset(user, token, expiresAt);
        };
        send().catch((error: unknown) => app.logger.error({ err: error }, 'the password reset mail could not be sent'));
      });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/auth/password-reset/:token',
    summary: 'Whether a password reset link still works, and for which account',
    tags: ['auth'],
    access: { kind: 'public' },
    params: tokenParams,
    errors: { 410: 'The link was used or has expired' },
    response: z.object({ email: z.string(), expiresAt: z.string() }),
    async handler({ app, params }) {
      const { user, expiresAt } = await app.passwordResets.check(params.token);
      return { email: user.email, expiresAt: isoTime(expiresAt) ?? '' };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/password-reset/confirm',
    summary: "Set a new password through a reset link (once); ends all the account's sessions and revokes its personal API tokens",
    tags: ['auth'],
    access: { kind: 'public' },
    errors: { 410: 'The link was used or has expired' },
    body: z.object({ token: z.string().min(10).max(200), password: passwordField }),
    response: okSchema,
    async handler({ app, body }) {
      const { user } = await app.passwordResets.check(body.token);
      requireStrongPassword(body.password, user.email, 'body.password');
      const passwordHash = await hashPassword(body.password);
      await app.sql.transaction(async () => {
        const { revoked } = await app.passwordResets.complete(body.token, passwordHash);
        await auditAccountEvent(app, user.id, 'user.password.reset', { revokedCredentials: revoked });
      });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/me/password',
    summary: 'Change your password; your other sessions end (personal API tokens stay)',
    tags: ['auth'],
    access: { kind: 'user' },
    body: z.object({ currentPassword: z.string().min(1).max(4000), newPassword: passwordField }),
    response: z.object({ ok: z.literal(true), endedSessions: z.number() }),
    async handler({ app, auth, body, req }) {
      if (!auth) throw new DomainError('unauthenticated', 'UNAUTHENTICATED', 'sign in first');
      requireStrongPassword(body.newPassword, auth.user.email, 'body.newPassword');
      if (body.newPassword === body.currentPassword) {
        throw new DomainError('invalid', 'WEAK_PASSWORD', 'the new password must differ from the current one', [{ path: 'body.newPassword', message: 'must differ from the current password' }]);
      }
      const admission = await app.signInThrottle.admit({ email: auth.user.email, address: clientAddress(req.ip) });
      if (!admission.admitted) throw tooManyAttempts(admission.retryAfterSeconds);
      if (!(await app.sessions.passwordMatches(auth.user.id, body.currentPassword))) {
        throw new DomainError('forbidden', 'INVALID_CREDENTIALS', 'the current password is wrong', [{ path: 'body.currentPassword', message: 'is not your current password' }]);
      }
      await app.signInThrottle.succeeded(admission.ticket);
      const passwordHash = await hashPassword(body.newPassword);
      const endedSessions = await app.sql.transaction(async () => {
        await app.sessions.setPasswordHash(auth.user.id, passwordHash);
        const ended = await app.sessions.revokeCredentials(auth.user.id, { keep: auth.tokenHash, personalTokens: false });
        await auditAccountEvent(app, auth.user.id, 'user.password.change', { endedSessions: ended });
        return ended;
      });
      return { ok: true as const, endedSessions };
    },
  }),
];
