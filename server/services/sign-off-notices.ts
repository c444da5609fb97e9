import type { Logger } from 'pino';
import { allows } from '../contract/permissions.js';
import type { AccountMail } from './account-mail.js';
import type { TenantService } from './tenants.js';

/** At most this many people are mailed per version; the others find it in their approvals inbox. */
const MAX_RECIPIENTS = 20;

/**
 * Mails the people who may sign off a version when it is submitted: the workspace's members whose
 * roles allow reviewing versions and, in a customer's workspace, its partner's staff with such
 * roles — never the submitter, who may not approve their own version. Sent after the submission
 * committed; a mail that fails is logged, and the version still waits in everyone's inbox.
 */
export class SignOffNotices {
  constructor(private readonly deps: { tenants: TenantService; mail: AccountMail; logger: Logger }) {}

  /** Who is told about a version submitted by `submitterId` in `tenantId` (emails, each once). */
  async recipients(tenantId: string, submitterId: string): Promise<string[]> {
    const tenant = await this.deps.tenants.get(tenantId);
    const sources = [tenantId, ...(tenant?.kind === 'customer' && tenant.parentId ? [tenant.parentId] : [])];
    const emails = new Set<string>();
    for (const source of sources) {
      for (const member of await this.deps.tenants.members(source)) {
        if (member.userId !== submitterId && allows(member.roles, 'version.review')) emails.add(member.email.toLowerCase());
      }
    }
    return [...emails].slice(0, MAX_RECIPIENTS);
  }

  /** Mails each recipient about the submitted version; resolves once all were tried, and never rejects (failures are logged). */
  async versionSubmitted(input: { tenantId: string; workflow: string; version: number; submitterId: string; submittedBy: string; note: string }): Promise<void> {
    try {
      const recipients = await this.recipients(input.tenantId, input.submitterId);
      const results = await Promise.allSettled(recipients.map((to) => this.deps.mail.signOffRequest({ ...input, to })));
      const failed = results.filter((result) => result.status === 'rejected').length;
      if (failed > 0) this.deps.logger.error({ tenantId: input.tenantId, version: input.version, failed }, 'sign-off mail could not be sent to everyone');
      this.deps.logger.info({ tenantId: input.tenantId, version: input.version, mailed: recipients.length - failed }, 'sign-off requested by mail');
    } catch (error) {
      this.deps.logger.error({ err: error, tenantId: input.tenantId, version: input.version }, 'sign-off mail failed');
    }
  }
}
