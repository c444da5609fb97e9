import type { AuthUser } from '../auth/sessions.js';
import type { Mailer } from '../mail/mailer.js';
import { decisionLinkMail, invitationMail, memberPasswordResetMail, passwordResetMail, signOffRequestMail, type MailBrand } from '../mail/messages.js';
import type { PublicLinks } from '../mail/public-links.js';
import type { Invitation } from './invitations.js';
import type { TenantService } from './tenants.js';

/** The brand of a message with no workspace to take one from. */
const NEUTRAL_BRAND: MailBrand = { productName: 'Flowgate', supportEmail: null };

/**
 * The mail of accounts and approvals: invitations, password resets and decision links, each under
 * the brand of the workspace it concerns (a customer's partner's brand, never ours).
 */
export class AccountMail {
  constructor(
    private readonly mailer: Mailer,
    private readonly links: PublicLinks,
    private readonly tenants: TenantService,
  ) {}

  /** Sends an invitation's link to the invited address. */
  async invitation(invitation: Invitation, token: string, invitedBy: string): Promise<void> {
    const tenant = await this.tenants.get(invitation.tenantId);
    return this.mailer.send(
      invitationMail({
        to: invitation.email,
        brand: await this.brand(invitation.tenantId),
        workspace: tenant?.name ?? 'a workspace',
        roles: invitation.roles,
        invitedBy,
        link: this.links.invitation(token),
        expiresAt: invitation.expiresAt,
      }),
    );
  }

  /** Sends a password reset link, under the brand of the account's first workspace. */
  async passwordReset(user: AuthUser, token: string, expiresAt: number): Promise<void> {
    const workspace = (await this.tenants.workspaces(user.id))[0];
    const brand = workspace ? await this.brand(workspace.tenant.id) : NEUTRAL_BRAND;
    return this.mailer.send(passwordResetMail({ to: user.email, brand, link: this.links.passwordReset(token), expiresAt }));
  }

  /** Sends a member the reset link an owner of the workspace had sent them, under the workspace's brand. */
  async memberPasswordReset(input: { user: AuthUser; tenantId: string; requestedBy: string; token: string; expiresAt: number }): Promise<void> {
    const tenant = await this.tenants.get(input.tenantId);
    return this.mailer.send(
      memberPasswordResetMail({
        to: input.user.email,
        brand: await this.brand(input.tenantId),
        workspace: tenant?.name ?? 'your workspace',
        requestedBy: input.requestedBy,
        link: this.links.passwordReset(input.token),
        expiresAt: input.expiresAt,
      }),
    );
  }

  /** Sends a decision link for an approval task to its approver. */
  async decisionLink(input: { to: string; tenantId: string; title: string; token: string; expiresAt: number; overdueSince?: number }): Promise<void> {
    const tenant = await this.tenants.get(input.tenantId);
    return this.mailer.send(
      decisionLinkMail({
        to: input.to,
        brand: await this.brand(input.tenantId),
        workspace: tenant?.name ?? 'your workspace',
        title: input.title,
        link: this.links.decision(input.token),
        expiresAt: input.expiresAt,
        ...(input.overdueSince === undefined ? {} : { overdueSince: input.overdueSince }),
      }),
    );
  }

  /** Tells an approver that a version waits for their sign-off. */
  async signOffRequest(input: { to: string; tenantId: string; workflow: string; version: number; submittedBy: string; note: string }): Promise<void> {
    const tenant = await this.tenants.get(input.tenantId);
    return this.mailer.send(
      signOffRequestMail({
        to: input.to,
        brand: await this.brand(input.tenantId),
        workspace: tenant?.name ?? 'your workspace',
        workflow: input.workflow,
        version: input.version,
        submittedBy: input.submittedBy,
        note: input.note,
        link: this.links.approvals(input.tenantId),
      }),
    );
  }

  private async brand(tenantId: string): Promise<MailBrand> {
    const branding = await this.tenants.branding(tenantId);
    return { productName: branding.productName, supportEmail: branding.supportEmail };
  }
}
