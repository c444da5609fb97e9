import { notFound, invalid } from '../domain/domain-error.js';
import { audited } from '../http/audit.js';
import { isoTime } from '../domain/iso-time.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { memberPasswordResetSchema } from '../contract/invitations.js';
import { idSchema, tenantParams } from '../contract/common.js';

/** An owner has a member sent a link to choose a new password. */
export const memberPasswordRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/members/:userId/password-reset',
    summary:
      "Send a member a single-use link (72 hours) to choose a new password, mailed to their address only; the link is never in the answer. " +
      'Their password keeps working until they use it; using it ends all their sessions and personal API tokens',
    tags: ['members'],
    access: { kind: 'tenant', permission: 'member.manage' },
    status: 202,
    params: tenantParams.extend({ userId: idSchema }),
    response: memberPasswordResetSchema,
    handler: async (call) => {
      const tenantId = call.tenant.tenant.id;
      const member = (await call.app.tenants.members(tenantId)).find((candidate) => candidate.userId === call.params.userId);
      if (!member) throw notFound('the member');
      const owner = call.auth?.user;
      if (member.userId === owner?.id) {
        throw invalid('this is your own account: change your password under your account, or ask for a reset link at sign-in', [
          { path: 'params.userId', message: 'is you' },
        ]);
      }
      const sso = await call.app.sso.requiredFor(member.userId);
      if (sso) {
        throw invalid(`${member.email} signs in with single sign-on (${sso.partnerName} requires it); their password is managed by that identity provider`, [
          { path: 'params.userId', message: 'signs in with single sign-on' },
        ]);
      }
      const { token, expiresAt } = await audited(
        call,
        'member.password.reset-link',
        { type: 'user', id: member.userId },
        () => call.app.passwordResets.issue(member.userId, owner?.id),
        (issued) => ({ details: { email: member.email, expiresAt: isoTime(issued.expiresAt) } }),
      );
      let delivery: 'sent' | 'failed' = 'sent';
      try {
        await call.app.accountMail.memberPasswordReset({ user: { id: member.userId, email: member.email, name: member.name }, tenantId, requestedBy: owner?.name ?? 'An owner', token, expiresAt });
      } catch (error) {
        call.app.logger.error({ err: error, tenantId, userId: member.userId }, 'the password reset mail for a member could not be sent');
        delivery = 'failed';
      }
      return { email: member.email, expiresAt: isoTime(expiresAt) ?? '', delivery };
    },
  }),
];
