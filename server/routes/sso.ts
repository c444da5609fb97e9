import { z } from 'zod';
import { DomainError, forbidden, notFound } from '../domain/domain-error.js';
import { audited } from '../http/audit.js';
import { readCookie } from '../http/authenticate.js';
import { defineRoute, type RouteCall, type RouteDefinition } from '../http/route.js';
import { sessionOrigin, setSessionCookie } from '../identity/session-cookie.js';
import { ssoConnectionInputSchema, ssoSettingsSchema } from '../contract/sso.js';
import { SSO_FLOW_TTL_MS } from '../identity/sso-sign-in.js';
import { tenantParams } from '../contract/common.js';

/** The cookie that binds a single sign-on in progress to the browser that started it. */
const FLOW_COOKIE = 'fg_sso';
const FLOW_COOKIE_PATH = '/api/v1/auth/sso';

/** A path inside the app to return to after signing in (never another site). */
const returnToSchema = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\s\\]*$/, 'must be a path of this app, such as /t/abc/workflows')
  .default('/');

/** Single sign-on is a partner's setting: its customers use their partner's. */
function partnerOnly(call: RouteCall<unknown, unknown, unknown>): string {
  if (call.tenant.tenant.kind !== 'partner') throw forbidden('single sign-on is set up by the partner, for its staff and its customers together');
  return call.tenant.tenant.id;
}

/** A partner's OpenID Connect connection (owners), and signing in through it (anyone). */
export const ssoRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/sso',
    summary: "The partner's single sign-on connection (never its client secret) and the redirect URI to register at the identity provider",
    tags: ['single sign-on'],
    access: { kind: 'tenant', permission: 'sso.manage' },
    params: tenantParams,
    response: ssoSettingsSchema,
    handler: async (call) => ({ connection: (await call.app.sso.view(partnerOnly(call))) ?? null, redirectUri: call.app.links.ssoCallback() }),
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/tenants/:tenantId/sso',
    summary:
      "Set the partner's OpenID Connect connection: issuer, client, scopes, the groups claim and how groups map to roles in the partner and its customers, " +
      'and whether single sign-on is mandatory. The client secret is stored encrypted and never answered; leave it out to keep it',
    tags: ['single sign-on'],
    access: { kind: 'tenant', permission: 'sso.manage' },
    params: tenantParams,
    body: ssoConnectionInputSchema,
    response: ssoSettingsSchema,
    handler: async (call) => {
      const partnerId = partnerOnly(call);
      const before = await call.app.sso.view(partnerId);
      // The audit entry records the connection without its client secret.
      const shown = { ...call.body, clientSecret: undefined };
      await audited(
        call,
        'sso.connection.update',
        { type: 'sso-connection', id: partnerId },
        () => call.app.sso.save(partnerId, call.body, call.auth?.user.id ?? ''),
        (saved) => ({ before, after: shown, details: { ...shown, mappings: call.body.mappings.length, secretChanged: saved.secretChanged } }),
      );
      return { connection: (await call.app.sso.view(partnerId)) ?? null, redirectUri: call.app.links.ssoCallback() };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/tenants/:tenantId/sso',
    summary: "Remove the partner's single sign-on connection: everyone signs in with a password again",
    tags: ['single sign-on'],
    access: { kind: 'tenant', permission: 'sso.manage' },
    params: tenantParams,
    response: z.object({ ok: z.literal(true) }),
    handler: async (call) => {
      const partnerId = partnerOnly(call);
      const before = await call.app.sso.view(partnerId);
      if (!before) throw notFound('the single sign-on connection');
      await audited(call, 'sso.connection.remove', { type: 'sso-connection', id: partnerId }, () => call.app.sso.remove(partnerId), () => ({ before }));
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/auth/sso/partners/:partner',
    summary: 'Whether a partner (by its slug) offers single sign-on, and its name, for the sign-in page',
    tags: ['single sign-on'],
    access: { kind: 'public' },
    params: z.object({ partner: z.string().min(1).max(100) }),
    response: z.object({ slug: z.string(), name: z.string(), mandatory: z.boolean() }),
    handler: async ({ app, params }) => {
      const partner = await app.tenants.bySlug(params.partner);
      const connection = partner?.kind === 'partner' ? await app.sso.connection(partner.id) : undefined;
      if (!partner || !connection?.enabled) throw notFound(`single sign-on for "${params.partner}"`);
      return { slug: partner.slug, name: partner.name, mandatory: connection.mandatory };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/sso/start',
    summary:
      "Start signing in with a partner's identity provider: answers the provider's authorization URL (state, nonce, PKCE) to send the browser to, " +
      'and sets a cookie that only lets this browser finish the sign-in (10 minutes)',
    tags: ['single sign-on'],
    access: { kind: 'public' },
    errors: { 502: 'The identity provider cannot be reached' },
    body: z.object({ partner: z.string().min(1).max(100), returnTo: returnToSchema }),
    response: z.object({ authorizationUrl: z.string() }),
    handler: async ({ app, body, req, res }) => {
      const { authorizationUrl, browserSecret } = await app.ssoSignIn.start(body.partner, body.returnTo);
      res.cookie(FLOW_COOKIE, browserSecret, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: FLOW_COOKIE_PATH, maxAge: SSO_FLOW_TTL_MS });
      return { authorizationUrl };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/sso/callback',
    summary:
      "Finish a single sign-on with the provider's answer (the query string it sent the browser back with): checks it, requires a verified e-mail, " +
      "maps the person's groups to roles, links or creates their account and signs them in (session token and cookie, as a password sign-in)",
    tags: ['single sign-on'],
    access: { kind: 'public' },
    errors: {
      400: 'The answer belongs to no sign-in this browser started (unknown, used, expired or another browser)',
      401: 'The identity provider refused the sign-in, or its answer failed its checks',
      403: 'The e-mail address is not verified, or no group mapping gives a role',
      409: 'The account also belongs to workspaces outside the partner; single sign-on was turned off',
      502: 'The identity provider cannot be reached',
    },
    body: z.object({ search: z.string().min(1).max(8000) }),
    response: z.object({ token: z.string(), csrfToken: z.string(), user: z.object({ id: z.string(), email: z.string(), name: z.string() }), returnTo: z.string() }),
    handler: async ({ app, body, req, res }) => {
      const browserSecret = readCookie(req, FLOW_COOKIE);
      res.clearCookie(FLOW_COOKIE, { path: FLOW_COOKIE_PATH });
      const signedIn = await app.ssoSignIn.complete(body.search.startsWith('?') ? body.search.slice(1) : body.search, browserSecret, sessionOrigin(req));
      setSessionCookie(req, res, signedIn.token);
      return signedIn;
    },
  }),
];

/** The refusal of a password sign-in for someone whose partner requires single sign-on. */
export function ssoRequired(partner: { partnerName: string; partnerSlug: string }): DomainError {
  return new DomainError(
    'forbidden',
    'SSO_REQUIRED',
    `${partner.partnerName} requires single sign-on: choose "Sign in with single sign-on" and enter ${partner.partnerSlug}`,
    [],
    { ssoPartner: partner.partnerSlug },
  );
}
