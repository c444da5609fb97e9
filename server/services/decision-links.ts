import type { Logger } from 'pino';
import type { Engine } from '../../runtime/engine/index.js';
import type { TaskRecord } from '../../runtime/store/index.js';
import type { TenantAccessResolver } from '../auth/tenant-access.js';
import type { PeopleDirectory, PersonView } from '../identity/people.js';
import type { AccountMail } from './account-mail.js';
import type { TenantService } from './tenants.js';
import { hasDecided, isApproverOf, isBarredInitiator } from './task-eligibility.js';

/** At most this many people get a decision link by mail when a task opens; the others use their inbox. */
export const OPENED_TASK_RECIPIENT_CAP = 20;
/** How long the links mailed when a task opens work. */
export const OPENED_TASK_LINK_TTL_MS = 7 * 86_400_000;

/**
 * Decision links: mailed to the one approver they decide as, never handed to anyone else. A link
 * is only made for someone who may decide the task by the same checks a direct decision passes
 * (the engine checks again when it is used). Links carry the approver's user id.
 */
export class DecisionLinkService {
  constructor(
    private readonly deps: {
      readonly engine: Engine;
      readonly people: PeopleDirectory;
      readonly access: TenantAccessResolver;
      readonly tenants: TenantService;
      readonly mail: AccountMail;
      readonly logger: Logger;
    },
  ) {}

  /**
   * Why the person may not decide the open task, or undefined when they may. Someone without an
   * account (`person` undefined, `named` as the request named them) gets the same answer as someone
   * without the right, so the refusal does not tell who has an account.
   */
  async refusal(task: TaskRecord, person: PersonView | undefined, named = person?.email ?? ''): Promise<string | undefined> {
    const roles = person && (await this.deps.access.resolve(person.id, task.tenantId))?.roles;
    const asApprover = { id: person?.id ?? '', roles: roles ?? [] };
    if (!person || !roles || !isApproverOf(task, asApprover)) {
      return `${named} may not decide this task: approvers are named on the task or hold one of its roles (${task.policy.roles.join(', ') || 'none'}) in this tenant`;
    }
    if (isBarredInitiator(task, asApprover)) return `${named} started the run and may not decide its approval`;
    if (hasDecided(task, asApprover)) return `${named} has already decided this task`;
    return undefined;
  }

  /** Mails the person a link deciding the task as them (saying it is overdue when escalated); answers when it expires. */
  async send(task: TaskRecord, person: PersonView, ttlMs: number): Promise<number> {
    const token = await this.deps.engine.decisionLink(task.id, person.id, ttlMs);
    const { expiresAt } = this.deps.engine.verifyDecisionLink(token);
    const overdue = task.escalatedAt !== null && task.dueAt !== null ? { overdueSince: task.dueAt } : {};
    await this.deps.mail.decisionLink({ to: person.email, tenantId: task.tenantId, title: task.title, token, expiresAt, ...overdue });
    return expiresAt;
  }

  /**
   * A task opened: mails a link to each person who may decide it — named approvers and members
   * holding one of its roles (partner staff included) — except the run's initiator unless the
   * policy allows them, at most {@link OPENED_TASK_RECIPIENT_CAP}. Failures are logged, not thrown.
   */
  async notifyOpened(task: TaskRecord): Promise<void> {
    const recipients = await this.eligible(task);
    const chosen = recipients.slice(0, OPENED_TASK_RECIPIENT_CAP);
    const results = await Promise.allSettled(chosen.map((person) => this.send(task, person, OPENED_TASK_LINK_TTL_MS)));
    const failed = results.filter((result) => result.status === 'rejected');
    for (const failure of failed) this.deps.logger.error({ err: failure.reason as unknown, taskId: task.id }, 'a decision link could not be mailed');
    this.deps.logger.info(
      { taskId: task.id, tenantId: task.tenantId, mailed: chosen.length - failed.length, eligible: recipients.length },
      recipients.length > chosen.length ? 'decision links mailed to the first approvers of a new task (the rest use their inbox)' : 'decision links mailed for a new task',
    );
  }

  /**
   * An escalated task (due, still undecided) is mailed again to everyone who may still decide it, with
   * a fresh link saying it is overdue, under the workspace's brand. Failures are logged, not thrown.
   */
  async notifyEscalated(task: TaskRecord): Promise<void> {
    const recipients = (await this.eligible(task)).slice(0, OPENED_TASK_RECIPIENT_CAP);
    const results = await Promise.allSettled(recipients.map((person) => this.send(task, person, OPENED_TASK_LINK_TTL_MS)));
    const failed = results.filter((result) => result.status === 'rejected');
    for (const failure of failed) this.deps.logger.error({ err: failure.reason as unknown, taskId: task.id }, 'an overdue notice could not be mailed');
    this.deps.logger.info({ taskId: task.id, tenantId: task.tenantId, mailed: recipients.length - failed.length }, 'overdue approval mailed to its approvers');
  }

  /** Everyone the task names or whose membership (of the tenant or its partner) holds one of its roles. */
  private async candidates(task: TaskRecord): Promise<PersonView[]> {
    const people = new Map<string, PersonView>();
    for (const id of task.policy.users) {
      const person = await this.deps.people.person(id);
      if (person) people.set(person.id, person);
    }
    if (task.policy.roles.length > 0) {
      const tenant = await this.deps.tenants.get(task.tenantId);
      const tenantIds = [task.tenantId, ...(tenant?.kind === 'customer' && tenant.parentId ? [tenant.parentId] : [])];
      for (const tenantId of tenantIds) {
        for (const member of await this.deps.tenants.members(tenantId)) {
          if (member.roles.some((role) => task.policy.roles.includes(role))) people.set(member.userId, { id: member.userId, name: member.name, email: member.email });
        }
      }
    }
    return [...people.values()];
  }

  /** The candidates who may decide the task, in the candidates' order. */
  private async eligible(task: TaskRecord): Promise<PersonView[]> {
    const eligible: PersonView[] = [];
    for (const person of await this.candidates(task)) if ((await this.refusal(task, person)) === undefined) eligible.push(person);
    return eligible;
  }
}
