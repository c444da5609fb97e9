import { z } from 'zod';
import { passwordField, requireStrongPassword } from '../auth/password-policy.js';
import { DomainError, conflict } from '../domain/domain-error.js';
import { auditedAs } from '../http/audit.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { hashPassword } from '../security/passwords.js';
import { deliverInvitation } from './invitations.js';
import { deliverySchema } from '../contract/invitations.js';
import { slugSchema, tenantSchema } from '../contract/common.js';

const setupBody = z.object({
  code: z.string().trim().min(1).max(200),
  operator: z.object({ name: z.string().trim().min(1).max(200), email: z.email().max(320), password: passwordField }),
  /** The first partner; `ownerEmail` invites its owner, and without it the operator owns it. */
  partner: z.object({ name: z.string().trim().min(1).max(200), slug: slugSchema, ownerEmail: z.email().max(320).nullable().optional() }).optional(),
});

/**
 * First-run setup of an installation started without the demo: the platform operator's account
 * and the first partner, guarded by the setup code printed at start (docs/administration.md).
 */
export const setupRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/setup',
    summary: 'Whether the installation still needs its first-run setup (no platform operator yet)',
    tags: ['setup'],
    access: { kind: 'public' },
    response: z.object({ needed: z.boolean() }),
    handler: async ({ app }) => ({ needed: await app.setup.needed() }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/setup',
    summary:
      'First-run setup: create the platform operator and the first partner (owned by the operator, or with its owner invited by mail). ' +
      'Needs the setup code printed at start and kept in <data>/setup-code.txt; works once.',
    tags: ['setup'],
    access: { kind: 'public' },
    status: 201,
    body: setupBody,
    errors: { 403: 'The setup code is wrong', 409: 'Setup is done already' },
    response: z.object({
      operator: z.object({ id: z.string(), email: z.string(), name: z.string() }),
      partner: tenantSchema.nullable(),
      owner: z.enum(['operator', 'invited']).nullable(),
      delivery: deliverySchema.nullable(),
    }),
    handler: async ({ app, body }) => {
      if (!(await app.setup.needed())) throw new DomainError('conflict', 'SETUP_DONE', 'this installation is set up already; sign in instead');
      // The code first: a wrong one costs no password hashing.
      if (!(await app.setup.codeMatches(body.code))) {
        throw new DomainError('forbidden', 'INVALID_SETUP_CODE', 'the setup code is wrong; it was printed when the server started and is in setup-code.txt in its data directory', [
          { path: 'body.code', message: 'not the current setup code' },
        ]);
      }
      const email = body.operator.email.toLowerCase();
      requireStrongPassword(body.operator.password, email, 'body.operator.password');
      const passwordHash = await hashPassword(body.operator.password);
      const ownerEmail = body.partner?.ownerEmail?.toLowerCase();
      const inviteOwner = ownerEmail !== undefined && ownerEmail !== email;
      const done = await app.sql.transaction(async () => {
        // One setup at a time, across processes: the second finds the operator the first made.
        await app.sql.lock('first-run-setup');
        if (!(await app.setup.needed())) throw new DomainError('conflict', 'SETUP_DONE', 'this installation was set up meanwhile; sign in instead');
        if (await app.sessions.userByEmail(email)) throw conflict(`an account for ${email} exists already; choose another email for the platform operator`);
        const operator = await app.sessions.insertUser(email, body.operator.name, passwordHash);
        await app.platform.makeOperator(operator.id);
        await app.setup.finish();
        if (!body.partner) return { operator, partner: null, invitation: undefined };
        const partner = await app.tenants.createPartner(body.partner.name, body.partner.slug);
        const who = { tenantId: partner.id, actorId: operator.id };
        await auditedAs(app, who, 'tenant.create', { type: 'tenant', id: partner.id }, () => partner, () => ({ after: partner, details: { kind: 'partner', slug: partner.slug, via: 'setup' } }));
        if (!inviteOwner) {
          await auditedAs(app, who, 'member.add', { type: 'user', id: operator.id }, () => app.tenants.grantMembership(partner.id, operator.id, ['owner']), (roles) => ({ details: { email, roles } }));
          return { operator, partner, invitation: undefined };
        }
        const invitation = await auditedAs(
          app,
          who,
          'invitation.create',
          (result) => ({ type: 'invitation', id: result.invitation.id }),
          () => app.invitations.create(partner.id, ownerEmail, ['owner'], operator.id),
          () => ({ details: { email: ownerEmail, roles: ['owner'] } }),
        );
        return { operator, partner, invitation };
      });
      app.setup.removeCodeFile();
      const delivery = done.invitation ? await deliverInvitation(app, done.invitation.invitation, done.invitation.token, done.operator.name) : null;
      return {
        operator: done.operator,
        partner: done.partner,
        owner: done.partner === null ? null : done.invitation ? ('invited' as const) : ('operator' as const),
        delivery,
      };
    },
  }),
];
