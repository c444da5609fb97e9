import { z } from 'zod';
import { forbidden } from '../domain/domain-error.js';
import { audited } from '../http/audit.js';
import { defineRoute, type RouteCall, type RouteDefinition } from '../http/route.js';
import { customerStatus } from '../services/customer-status.js';
import { brandingInputSchema } from '../services/tenants.js';
import { brandingSchema, customerStatusSchema, memberSchema, partnerStaffSchema, policySchema, policyViewSchema } from '../contract/tenants.js';
import { deliverInvitation, presentInvitation } from './invitations.js';
import { deliverySchema, invitationSchema } from '../contract/invitations.js';
import { rolesSchema, slugSchema, tenantParams, tenantSchema, viaSchema } from '../contract/common.js';

const memberParams = tenantParams.extend({ userId: z.string().min(1).max(100) });

/**
 * Customers and a brand of one's own belong to partner tenants. In a customer tenant even its owners
 * (whose role carries `tenant.create` and `branding.manage`) may not use them: that is a refusal of
 * the action, 403, not a problem with the request.
 */
function requirePartner(call: RouteCall<unknown, unknown, unknown>): void {
  if (call.tenant.tenant.kind !== 'partner') throw forbidden('only a partner tenant has customers and a brand of its own; this is a customer tenant');
}

/** Tenants, customers, branding, policy and members. */
export const tenantRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId',
    summary: 'A tenant you can act in, with your roles there',
    tags: ['tenants'],
    access: { kind: 'tenant', permission: 'tenant.read' },
    params: tenantParams,
    response: z.object({ tenant: tenantSchema, roles: rolesSchema, via: viaSchema }),
    handler: ({ tenant }) => ({ tenant: tenant.tenant, roles: [...tenant.roles], via: tenant.via }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/customers',
    summary: "A partner's customer tenants",
    tags: ['tenants'],
    access: { kind: 'tenant', permission: 'tenant.read' },
    params: tenantParams,
    response: z.array(tenantSchema),
    handler: (call) => {
      requirePartner(call);
      return call.app.tenants.customers(call.tenant.tenant.id);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/customers',
    summary: 'Create a customer tenant under this partner (partner owners)',
    tags: ['tenants'],
    access: { kind: 'tenant', permission: 'tenant.create' },
    status: 201,
    params: tenantParams,
    body: z.object({ name: z.string().trim().min(1).max(200), slug: slugSchema }),
    response: tenantSchema,
    handler: async (call) => {
      requirePartner(call);
      return await audited(
        call,
        'tenant.create',
        (customer) => ({ type: 'tenant', id: customer.id }),
        () => call.app.tenants.createCustomer(call.tenant.tenant.id, call.body.name, call.body.slug),
        (customer) => ({ after: customer }),
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/customers/status',
    summary: "Each customer's state at a glance: active workflows, runs and failures since `since` (default: midnight UTC), members",
    tags: ['tenants'],
    access: { kind: 'tenant', permission: 'tenant.read' },
    params: tenantParams,
    query: z.object({ since: z.iso.datetime({ offset: true }).optional() }),
    response: z.array(customerStatusSchema),
    handler: async (call) => {
      requirePartner(call);
      const since = call.query.since === undefined ? new Date().setUTCHours(0, 0, 0, 0) : Date.parse(call.query.since);
      const statuses = [];
      for (const customer of await call.app.tenants.customers(call.tenant.tenant.id)) statuses.push({ tenant: customer, ...(await customerStatus(call.app.sql, customer.id, since)) });
      return statuses;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/branding',
    summary: 'The brand users of this tenant see',
    tags: ['tenants'],
    access: { kind: 'tenant', permission: 'tenant.read' },
    params: tenantParams,
    response: brandingSchema,
    handler: ({ app, tenant }) => app.tenants.branding(tenant.tenant.id),
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/tenants/:tenantId/branding',
    summary:
      "Set a partner's brand (product name, colours, support contact, and a logo: a base64 data URL of a PNG, JPEG or SVG up to 256 KB, " +
      'SVGs sanitised; `null` removes the logo, leaving it out keeps it)',
    tags: ['tenants'],
    access: { kind: 'tenant', permission: 'branding.manage' },
    params: tenantParams,
    body: brandingInputSchema,
    response: brandingSchema,
    handler: async (call) => {
      requirePartner(call);
      const before = call.app.tenants.branding(call.tenant.tenant.id);
      const logo = call.body.logoDataUrl;
      return await audited(
        call,
        'tenant.branding.update',
        { type: 'tenant', id: call.tenant.tenant.id },
        () => call.app.tenants.setBranding(call.tenant.tenant.id, call.body),
        (after) => ({
          before,
          after,
          details: {
            logo: logo === undefined ? 'kept' : logo === null ? 'removed' : logo.contentType,
            ...(logo && logo.removed.length > 0 ? { logoSanitised: logo.removed } : {}),
          },
        }),
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/policy',
    summary: "The tenant's policy (approvals required per version, run retention, a partner's floor for its customers) with the floor that binds it and the approvals that apply",
    tags: ['tenants'],
    access: { kind: 'tenant', permission: 'tenant.read' },
    params: tenantParams,
    response: policyViewSchema,
    handler: ({ app, tenant }) => app.tenants.policyView(tenant.tenant.id),
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/tenants/:tenantId/policy',
    summary: "Set the tenant's policy; a customer cannot go below its partner's approval floor",
    tags: ['tenants'],
    access: { kind: 'tenant', permission: 'policy.manage' },
    params: tenantParams,
    body: policySchema,
    response: policyViewSchema,
    handler: async (call) => {
      const before = call.app.tenants.policy(call.tenant.tenant.id);
      await audited(call, 'tenant.policy.update', { type: 'tenant', id: call.tenant.tenant.id }, () => call.app.tenants.setPolicy(call.tenant.tenant.id, call.body), () => ({
        before,
        after: call.body,
        details: call.body,
      }));
      return call.app.tenants.policyView(call.tenant.tenant.id);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/members',
    summary: 'Members of the tenant and their roles',
    tags: ['members'],
    access: { kind: 'tenant', permission: 'member.read' },
    params: tenantParams,
    response: z.array(memberSchema),
    handler: ({ app, tenant }) => app.tenants.members(tenant.tenant.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/partner-staff',
    summary: "The partner's people, who act in this customer's workspace with the roles they hold in the partner's (empty for a partner)",
    tags: ['members'],
    access: { kind: 'tenant', permission: 'member.read' },
    params: tenantParams,
    response: partnerStaffSchema,
    handler: ({ app, tenant }) => app.tenants.partnerStaff(tenant.tenant.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/members',
    summary:
      'Invite someone: a single-use link, valid 72 hours, is mailed to them; the membership exists once they accept. ' +
      'The answer is the same whether or not the email has an account.',
    tags: ['members'],
    access: { kind: 'tenant', permission: 'member.manage' },
    status: 201,
    params: tenantParams,
    body: z.object({ email: z.email().max(320), roles: rolesSchema }),
    response: z.object({ invitation: invitationSchema, delivery: deliverySchema }),
    handler: async (call) => {
      const email = call.body.email.toLowerCase();
      if (email === call.auth?.user.email.toLowerCase()) throw forbidden('you cannot invite yourself: nobody raises their own roles; ask another owner');
      const { invitation, token } = await audited(
        call,
        'invitation.create',
        (created) => ({ type: 'invitation', id: created.invitation.id }),
        () => call.app.invitations.create(call.tenant.tenant.id, email, call.body.roles, call.auth?.user.id ?? 'anonymous'),
        (created) => ({ after: presentInvitation(created.invitation), details: { email, roles: call.body.roles } }),
      );
      const delivery = await deliverInvitation(call.app, invitation, token, call.auth?.user.name ?? 'An owner');
      return { invitation: presentInvitation(invitation), delivery };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/tenants/:tenantId/members/:userId',
    summary: "Change a member's roles",
    tags: ['members'],
    access: { kind: 'tenant', permission: 'member.manage' },
    params: memberParams,
    body: z.object({ roles: rolesSchema }),
    response: memberSchema,
    handler: async (call) => {
      const before = (await call.app.tenants.members(call.tenant.tenant.id)).find((member) => member.userId === call.params.userId);
      if (before && call.params.userId === call.auth?.user.id) {
        const added = call.body.roles.filter((role) => !before.roles.includes(role));
        if (added.length > 0) throw forbidden(`you cannot give yourself roles (${added.join(', ')}): nobody raises their own roles; ask another owner`);
      }
      return await audited(
        call,
        'member.roles.update',
        { type: 'user', id: call.params.userId },
        () => call.app.tenants.setRoles(call.tenant.tenant.id, call.params.userId, call.body.roles),
        (member) => ({ before, after: member, details: { roles: call.body.roles } }),
      );
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/tenants/:tenantId/members/:userId',
    summary: 'Remove a member',
    tags: ['members'],
    access: { kind: 'tenant', permission: 'member.manage' },
    params: memberParams,
    response: memberSchema,
    handler: async (call) => {
      return await audited(call, 'member.remove', { type: 'user', id: call.params.userId }, () => call.app.tenants.removeMember(call.tenant.tenant.id, call.params.userId), (member) => ({
        before: member,
      }));
    },
  }),
];
