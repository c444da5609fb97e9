import { z } from 'zod';
import type { AppContext } from '../context.js';
import { auditedAs } from '../http/audit.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import type { PartnerSummary } from '../services/platform.js';
import { deliverInvitation, presentInvitation } from './invitations.js';
import { deliverySchema, invitationSchema } from '../contract/invitations.js';
import { idSchema, slugSchema } from '../contract/common.js';
import { partnerSchema } from '../contract/platform.js';

const partnerParams = z.object({ partnerId: idSchema });

/** A host name (no port, no scheme), lowercase: where a partner's people reach the sign-in page. */
export const hostNameSchema = z
  .string()
  .max(253)
  .transform((host) => host.trim().toLowerCase())
  .pipe(z.string().regex(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/, 'a host name such as flow.partner.example (no scheme, port or path)'));

/**
 * Creates a partner and invites its owner (a single-use link mailed to them, as for every member),
 * the partner and the invitation recorded in the partner's audit log with `actorId` as the actor.
 * Shared by the operator's route, first-run setup and `flowgate admin create-partner`.
 */
export async function createPartnerWithOwner(
  app: AppContext,
  actor: { readonly id: string; readonly name: string },
  partner: { readonly name: string; readonly slug: string; readonly ownerEmail: string },
): Promise<{ partner: PartnerSummary; invitation: z.infer<typeof invitationSchema>; token: string; delivery: 'sent' | 'failed' }> {
  const ownerEmail = partner.ownerEmail.toLowerCase();
  const created = await app.sql.transaction(async () => {
    const tenant = await app.tenants.createPartner(partner.name, partner.slug);
    const who = { tenantId: tenant.id, actorId: actor.id };
    await auditedAs(app, who, 'tenant.create', { type: 'tenant', id: tenant.id }, () => tenant, () => ({ after: tenant, details: { kind: 'partner', slug: tenant.slug } }));
    const invited = await auditedAs(
      app,
      who,
      'invitation.create',
      (result) => ({ type: 'invitation', id: result.invitation.id }),
      () => app.invitations.create(tenant.id, ownerEmail, ['owner'], actor.id),
      (result) => ({ after: presentInvitation(result.invitation), details: { email: ownerEmail, roles: ['owner'] } }),
    );
    return { tenant, ...invited };
  });
  const delivery = await deliverInvitation(app, created.invitation, created.token, actor.name);
  return { partner: await app.platform.partner(created.tenant.id), invitation: presentInvitation(created.invitation), token: created.token, delivery };
}

/** The platform operator's view: partners, their creation and suspension, their sign-in host names. */
export const platformRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/platform/partners',
    summary: 'Every partner of the installation, with its customers, members and standing (platform operator)',
    tags: ['platform'],
    access: { kind: 'platform' },
    response: z.array(partnerSchema),
    handler: ({ app }) => app.platform.partners(),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/platform/partners',
    summary: "Create a partner; its owner is invited by mail (a single-use link, valid 72 hours), never given a password (platform operator)",
    tags: ['platform'],
    access: { kind: 'platform' },
    status: 201,
    body: z.object({ name: z.string().trim().min(1).max(200), slug: slugSchema, ownerEmail: z.email().max(320) }),
    response: z.object({ partner: partnerSchema, invitation: invitationSchema, delivery: deliverySchema }),
    handler: async ({ app, auth, body }) => {
      const created = await createPartnerWithOwner(app, { id: auth?.user.id ?? '', name: auth?.user.name ?? 'The platform operator' }, body);
      return { partner: created.partner, invitation: created.invitation, delivery: created.delivery };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/platform/partners/:partnerId/suspend',
    summary: "Suspend a partner: its and its customers' workspaces, webhooks and schedules stop until it is resumed; nothing is deleted (platform operator)",
    tags: ['platform'],
    access: { kind: 'platform' },
    params: partnerParams,
    body: z.object({ reason: z.string().trim().min(1).max(500) }),
    response: partnerSchema,
    handler: async ({ app, auth, params, body }) => {
      const suspended = await auditedAs(
        app,
        { tenantId: params.partnerId, actorId: auth?.user.id ?? '' },
        'tenant.suspend',
        { type: 'tenant', id: params.partnerId },
        () => app.platform.suspend(params.partnerId, body.reason),
        () => ({ details: { reason: body.reason } }),
      );
      app.triggers.standingChanged();
      return suspended;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/platform/partners/:partnerId/resume',
    summary: 'Lift a partner\'s suspension (platform operator)',
    tags: ['platform'],
    access: { kind: 'platform' },
    params: partnerParams,
    response: partnerSchema,
    handler: async ({ app, auth, params }) => {
      const resumed = await auditedAs(
        app,
        { tenantId: params.partnerId, actorId: auth?.user.id ?? '' },
        'tenant.resume',
        { type: 'tenant', id: params.partnerId },
        () => app.platform.resume(params.partnerId),
      );
      app.triggers.standingChanged();
      return resumed;
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/platform/partners/:partnerId/sign-in-host',
    summary: "Set or clear the host name at which the sign-in page shows a partner's brand (platform operator)",
    tags: ['platform'],
    access: { kind: 'platform' },
    params: partnerParams,
    body: z.strictObject({ host: hostNameSchema.nullable() }),
    response: partnerSchema,
    handler: async ({ app, auth, params, body }) =>
      await auditedAs(
        app,
        { tenantId: params.partnerId, actorId: auth?.user.id ?? '' },
        'tenant.signInHost.update',
        { type: 'tenant', id: params.partnerId },
        () => app.platform.setSignInHost(params.partnerId, body.host),
        () => ({ details: { host: body.host } }),
      ),
  }),
];
