import { z } from 'zod';
import { clientAddress } from '../auth/client-address.js';
import { DomainError, notFound, busy } from '../domain/domain-error.js';
import { authenticationOf } from '../http/authenticate.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { idSchema, okSchema } from '../contract/common.js';
import { meSchema, userSchema } from '../contract/me.js';
import { clearSessionCookie, sessionOrigin, setSessionCookie } from '../identity/session-cookie.js';
import { ssoRequired } from './sso.js';


/** The answer while a sign-in back-off runs (docs/api.md, "Sign-in throttling"). */
export function tooManyAttempts(seconds: number): DomainError {
  return busy('TOO_MANY_ATTEMPTS', `too many failed sign-in attempts; try again in ${seconds} seconds`, seconds);
}
const tokenSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), expiresAt: z.string().nullable() });

/** Sign-in, sign-out, the current user, personal API tokens. */
export const authRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/login',
    summary:
      'Sign in; answers a session token and sets the HttpOnly session cookie (throttled: 429 with Retry-After). ' +
      "403 SSO_REQUIRED when the person's partner requires single sign-on",
    tags: ['auth'],
    access: { kind: 'public' },
    body: z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1000) }),
    response: z.object({ token: z.string(), csrfToken: z.string(), user: userSchema }),
    async handler({ body, app, req, res }) {
      const admission = await app.signInThrottle.admit({ email: body.email, address: clientAddress(req.ip) });
      if (!admission.admitted) throw tooManyAttempts(admission.retryAfterSeconds);
      const user = await app.sessions.checkCredentials(body.email, body.password);
      if (!user) throw new DomainError('unauthenticated', 'INVALID_CREDENTIALS', 'the email or password is wrong');
      await app.signInThrottle.succeeded(admission.ticket);
      // Only after the password proved right, so the refusal tells nothing to someone guessing.
      const sso = await app.sso.requiredFor(user.id);
      if (sso) throw ssoRequired(sso);
      const session = await app.sessions.openSession(user, 'password', sessionOrigin(req));
      setSessionCookie(req, res, session.token);
      return session;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/logout',
    summary: 'Sign out: ends the session and clears the cookie',
    tags: ['auth'],
    access: { kind: 'user' },
    response: okSchema,
    async handler({ app, auth, res }) {
      if (auth) await app.sessions.logout(auth.tokenHash);
      clearSessionCookie(res);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me',
    summary: 'The signed-in user, their workspaces with roles, the effective branding and the CSRF token',
    tags: ['auth'],
    access: { kind: 'user' },
    response: meSchema,
    async handler({ app, res }) {
      const auth = authenticationOf(res);
      if (!auth) throw new DomainError('unauthenticated', 'UNAUTHENTICATED', 'sign in first');
      const workspaces = [];
      for (const workspace of await app.tenants.workspaces(auth.user.id)) workspaces.push({ ...workspace, branding: await app.tenants.branding(workspace.tenant.id) });
      return {
        user: auth.user,
        platformOperator: await app.platform.isOperator(auth.user.id),
        csrfToken: auth.csrfToken,
        workspaces,
        suspendedWorkspaces: await app.tenants.suspendedWorkspaces(auth.user.id),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/tokens',
    summary: 'Your personal API tokens (never their values)',
    tags: ['auth'],
    access: { kind: 'user' },
    response: z.array(tokenSchema),
    handler: ({ app, auth }) => app.sessions.listPersonalTokens(auth?.user.id ?? ''),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/me/tokens',
    summary: 'Create a personal API token for scripts; its value is shown once',
    tags: ['auth'],
    access: { kind: 'user' },
    status: 201,
    body: z.object({ name: z.string().min(1).max(100), expiresInDays: z.number().int().min(1).max(3650).nullable().default(90) }),
    response: tokenSchema.extend({ token: z.string() }),
    handler: ({ app, auth, body }) => app.sessions.createPersonalToken(auth?.user.id ?? '', body.name, body.expiresInDays),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/me/tokens/:tokenId',
    summary: 'Revoke one of your personal API tokens',
    tags: ['auth'],
    access: { kind: 'user' },
    params: z.object({ tokenId: idSchema }),
    response: okSchema,
    async handler({ app, auth, params }) {
      if (!(await app.sessions.revokePersonalToken(auth?.user.id ?? '', params.tokenId))) throw notFound('the token');
      return { ok: true as const };
    },
  }),
];
