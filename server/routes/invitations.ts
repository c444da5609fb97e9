import { z } from 'zod';
import { passwordField, requireStrongPassword } from '../auth/password-policy.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { DomainError, malformed, conflict, forbidden } from '../domain/domain-error.js';
import { audited, auditedAs } from '../http/audit.js';
import { isoTime } from '../domain/iso-time.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { hashPassword } from '../security/passwords.js';
import { deliverySchema, invitationLinkSchema, invitationSchema } from '../contract/invitations.js';
import type { Invitation } from '../services/invitations.js';
import { idSchema, rolesSchema, tenantParams, tenantSchema, viaSchema } from '../contract/common.js';


/** An invitation as the API answers it (times as ISO strings). */
export function presentInvitation(invitation: Invitation): z.infer<typeof invitationSchema> {
  return {
    id: invitation.id,
    email: invitation.email,
    roles: [...invitation.roles],
    status: invitation.status,
    createdAt: isoTime(invitation.createdAt) ?? '',
    expiresAt: isoTime(invitation.expiresAt) ?? '',
  };
}

/**
 * Mails an invitation's link. A failure leaves the invitation in place (an owner can re-send it)
 * and is answered as `delivery: "failed"`; the log says why, never the link.
 */
export async function deliverInvitation(app: AppContext, invitation: Invitation, token: string, invitedBy: string): Promise<'sent' | 'failed'> {
  try {
    await app.accountMail.invitation(invitation, token, invitedBy);
    return 'sent';
  } catch (error) {
    app.logger.error({ err: error, invitationId: invitation.id, tenantId: invitation.tenantId }, 'the invitation mail could not be sent');
    return 'failed';
  }
}

const invitationParams = tenantParams.extend({ invitationId: idSchema });
const tokenParams = z.object({ token: z.string().min(10).max(200) });

/** Pending invitations of a tenant (owners), and the public pages an invitation link opens. */
export const invitationRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/invitations',
    summary: 'Invitations not yet accepted (pending or expired)',
    tags: ['members'],
    access: { kind: 'tenant', permission: 'member.manage' },
    params: tenantParams,
    response: z.array(invitationSchema),
    handler: async ({ app, tenant }) => (await app.invitations.list(tenant.tenant.id)).map(presentInvitation),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/tenants/:tenantId/invitations/:invitationId',
    summary: 'Revoke an invitation; its link stops working',
    tags: ['members'],
    access: { kind: 'tenant', permission: 'member.manage' },
    params: invitationParams,
    response: invitationSchema,
    handler: async (call) =>
      presentInvitation(
        await audited(
          call,
          'invitation.revoke',
          { type: 'invitation', id: call.params.invitationId },
          () => call.app.invitations.revoke(call.tenant.tenant.id, call.params.invitationId),
          (invitation) => ({ before: presentInvitation(invitation), details: { email: invitation.email } }),
        ),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/invitations/:invitationId/resend',
    summary: 'Send an invitation again with a new link (and a new expiry); the previous link stops working',
    tags: ['members'],
    access: { kind: 'tenant', permission: 'member.manage' },
    params: invitationParams,
    response: z.object({ invitation: invitationSchema, delivery: deliverySchema }),
    handler: async (call) => {
      const { invitation, token } = await audited(
        call,
        'invitation.resend',
        { type: 'invitation', id: call.params.invitationId },
        () => call.app.invitations.renew(call.tenant.tenant.id, call.params.invitationId),
        (renewed) => ({ after: presentInvitation(renewed.invitation), details: { email: renewed.invitation.email } }),
      );
      const delivery = await deliverInvitation(call.app, invitation, token, call.auth?.user.name ?? 'An owner');
      return { invitation: presentInvitation(invitation), delivery };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/invitations/:token',
    summary: 'What an invitation link grants: the workspace, the roles, and whether the invited email has an account',
    tags: ['members'],
    access: { kind: 'public' },
    params: tokenParams,
    errors: { 410: 'The invitation was accepted, revoked or has expired' },
    response: invitationLinkSchema,
    handler: async ({ app, params }) => {
      const invitation = await app.invitations.byToken(params.token);
      const tenant = await app.tenants.get(invitation.tenantId);
      if (!tenant) throw new DomainError('gone', 'LINK_REVOKED', 'the workspace of this invitation no longer exists');
      return {
        email: invitation.email,
        roles: [...invitation.roles],
        expiresAt: isoTime(invitation.expiresAt) ?? '',
        tenant,
        branding: await app.tenants.branding(tenant.id),
        invitedBy: (await app.sessions.userById(invitation.invitedBy))?.name ?? 'An owner',
        account: (await app.sessions.userByEmail(invitation.email)) ? ('existing' as const) : ('new' as const),
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/invitations/:token/accept',
    summary:
      'Accept an invitation: a new account sends its name and password; an existing account accepts while signed in as itself. The link works once.',
    tags: ['members'],
    access: { kind: 'public' },
    params: tokenParams,
    errors: { 410: 'The invitation was accepted, revoked or has expired' },
    body: z.object({ name: z.string().trim().min(1).max(200).optional(), password: passwordField.optional() }),
    response: z.object({ account: z.enum(['created', 'existing']), email: z.string(), workspace: z.object({ tenant: tenantSchema, roles: rolesSchema, via: viaSchema }) }),
    handler: async (call) => {
      const { app, params, body } = call;
      const invitation = await app.invitations.byToken(params.token);
      const who = (actorId: string) => ({ tenantId: invitation.tenantId, actorId });
      const describe = (roles: readonly string[]) => ({ details: { invitationId: invitation.id, email: invitation.email, roles } });
      const existing = await app.sessions.userByEmail(invitation.email);
      let userId: string;
      if (existing) {
        if (!call.auth) throw new DomainError('unauthenticated', 'UNAUTHENTICATED', `sign in as ${invitation.email} to accept this invitation`);
        if (call.auth.user.id !== existing.id) throw forbidden(`this invitation is for ${invitation.email}; you are signed in as ${call.auth.user.email}`);
        userId = existing.id;
        await auditedAs(app, who(userId), 'invitation.accept', { type: 'user', id: userId }, () => app.invitations.accept(params.token, existing.id), describe);
      } else {
        if (body.name === undefined) throw malformed('enter your name to create your account', [{ path: 'body.name', message: 'enter your name' }]);
        if (body.password === undefined) throw malformed('choose a password to create your account', [{ path: 'body.password', message: 'choose a password' }]);
        requireStrongPassword(body.password, invitation.email, 'body.password');
        const passwordHash = await hashPassword(body.password);
        const name = body.name;
        userId = await app.sql.transaction(async () => {
          const createdMeanwhile = conflict(`an account for ${invitation.email} was created meanwhile; sign in and open the link again`);
          if (await app.sessions.userByEmail(invitation.email)) throw createdMeanwhile;
          const user = await app.sessions.insertUser(invitation.email, name, passwordHash).catch((error: unknown) => {
            throw isUniqueViolation(error) ? createdMeanwhile : error;
          });
          await auditedAs(app, who(user.id), 'invitation.accept', { type: 'user', id: user.id }, () => app.invitations.accept(params.token, user.id), describe);
          return user.id;
        });
      }
      const access = await app.access.resolve(userId, invitation.tenantId);
      if (!access) throw new DomainError('gone', 'LINK_REVOKED', 'the workspace of this invitation no longer exists');
      return { account: existing ? ('existing' as const) : ('created' as const), email: invitation.email, workspace: { tenant: access.tenant, roles: [...access.roles], via: access.via } };
    },
  }),
];
