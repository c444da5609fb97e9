import { allows } from '../auth/permissions.js';
import type { RunStore, RunSummary, TaskRecord } from '../../runtime/store/index.js';
import type { Tenant } from '../auth/tenant-access.js';
import { awaitsDecisionFrom } from './task-eligibility.js';
import type { Workspace } from './tenants.js';
import type { QueuedVersion, VersionQueue } from './version-queue.js';

/** Most items of each kind read per tenant (versions: in all); beyond it the answer says `more`. */
export const INBOX_SCAN_LIMIT = 500;

/** The signed-in person, by user id (as versions, approval gates and decisions know them). */
export interface InboxPerson {
  readonly id: string;
}

/** Someone's decision on an item (their history). */
export interface InboxDecision {
  readonly decision: 'approve' | 'reject';
  readonly comment: string;
  readonly decidedAt: number;
}

interface ItemBase {
  readonly tenant: Tenant;
  readonly workflowId: string | null;
  readonly workflowName: string | null;
  readonly createdAt: number;
  readonly dueAt: number | null;
  readonly overdue: boolean;
  readonly approvals: { readonly received: number; readonly required: number };
  readonly yourDecision: InboxDecision | null;
}

/** A version to sign off (or signed off). */
export interface VersionItem extends ItemBase {
  readonly kind: 'version';
  readonly version: number;
  readonly status: QueuedVersion['status'];
  readonly note: string;
  readonly authorId: string;
  readonly authorName: string;
}

/** An approval-gate task of a running workflow (or one decided). */
export interface TaskItem extends ItemBase {
  readonly kind: 'task';
  readonly taskId: string;
  readonly runId: string;
  readonly nodeId: string;
  readonly workflowVersion: number | null;
  readonly status: TaskRecord['status'];
  readonly title: string;
  readonly instructions: string;
  readonly fields: Record<string, unknown>;
  readonly escalatedAt: number | null;
}

export type InboxItem = VersionItem | TaskItem;

/** One view of the inbox: its items, how many wait (and how many of those are overdue), and whether some were left out. */
export interface Inbox {
  readonly items: InboxItem[];
  readonly waiting: number;
  readonly overdue: number;
  readonly more: boolean;
}

/** Overdue first (earliest due first), then the others with a due time (earliest first), then the rest oldest first. */
function waitingOrder(a: InboxItem, b: InboxItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.dueAt !== null && b.dueAt !== null && a.dueAt !== b.dueAt) return a.dueAt - b.dueAt;
  if ((a.dueAt === null) !== (b.dueAt === null)) return a.dueAt === null ? 1 : -1;
  return a.createdAt - b.createdAt;
}

/**
 * What waits for one person across every workspace they belong to: versions they may sign off
 * (`version.review` there, not their own, not reviewed yet) and open approval-gate tasks they may
 * decide (the gate's roles or named people, not the run they started unless the gate allows it) —
 * never tasks of test runs of drafts, which their tester decides in the editor. Every item carries
 * its tenant, and each tenant is read with the person's roles there, so nothing crosses tenants.
 */
export class ApprovalInbox {
  constructor(
    private readonly store: RunStore,
    private readonly versions: VersionQueue,
    private readonly workspaces: (userId: string) => Promise<Workspace[]>,
    private readonly requiredApprovals: (tenantId: string) => Promise<number>,
  ) {}

  /** What waits for the person now, overdue first; at most `limit` items (the counts cover every item found). */
  async waiting(person: InboxPerson, limit: number, now: number): Promise<Inbox> {
    const workspaces = await this.workspaces(person.id);
    const reviewTenants = workspaces.filter((workspace) => allows(workspace.roles, 'version.review'));
    const queued = await this.versions.awaiting(
      reviewTenants.map((workspace) => workspace.tenant.id),
      person.id,
      INBOX_SCAN_LIMIT + 1,
    );
    let more = queued.length > INBOX_SCAN_LIMIT;
    const items: InboxItem[] = [];
    for (const version of queued.slice(0, INBOX_SCAN_LIMIT)) items.push(await this.versionItem(version, tenantOf(workspaces, version.tenantId)));
    const tasks: { task: TaskRecord; workspace: Workspace }[] = [];
    for (const workspace of workspaces.filter((candidate) => allows(candidate.roles, 'task.read'))) {
      const open = await this.store.listTasks({ tenantId: workspace.tenant.id, status: 'open', limit: INBOX_SCAN_LIMIT + 1 });
      if (open.length > INBOX_SCAN_LIMIT) more = true;
      for (const task of open.slice(0, INBOX_SCAN_LIMIT)) {
        if (awaitsDecisionFrom(task, { id: person.id, roles: workspace.roles })) tasks.push({ task, workspace });
      }
    }
    items.push(...(await this.taskItems(tasks, null, now)));
    items.sort(waitingOrder);
    return { items: items.slice(0, limit), waiting: items.length, overdue: items.filter((item) => item.overdue).length, more: more || items.length > limit };
  }

  /** What the person decided, newest first; at most `limit` items. */
  async history(person: InboxPerson, limit: number, now: number): Promise<Inbox> {
    const workspaces = await this.workspaces(person.id);
    const reviewed = await this.versions.reviewedBy(
      workspaces.map((workspace) => workspace.tenant.id),
      person.id,
      limit + 1,
    );
    const items: InboxItem[] = [];
    for (const version of reviewed) items.push(await this.versionItem(version, tenantOf(workspaces, version.tenantId)));
    const tasks: { task: TaskRecord; workspace: Workspace }[] = [];
    for (const workspace of workspaces.filter((candidate) => allows(candidate.roles, 'task.read'))) {
      const decided = await this.store.listTasks({ tenantId: workspace.tenant.id, decidedBy: person.id, newestFirst: true, limit: limit + 1 });
      tasks.push(...decided.map((task) => ({ task, workspace })));
    }
    items.push(...(await this.taskItems(tasks, person.id, now)));
    const decidedAt = (item: InboxItem) => item.yourDecision?.decidedAt ?? item.createdAt;
    items.sort((a, b) => decidedAt(b) - decidedAt(a));
    return { items: items.slice(0, limit), waiting: 0, overdue: 0, more: items.length > limit };
  }

  private async versionItem(version: QueuedVersion, tenant: Tenant): Promise<VersionItem> {
    return {
      kind: 'version',
      tenant,
      workflowId: version.workflowId,
      workflowName: version.workflowName,
      version: version.version,
      status: version.status,
      note: version.note,
      authorId: version.authorId,
      authorName: version.authorName,
      createdAt: version.createdAt,
      dueAt: null,
      overdue: false,
      approvals: { received: version.approvals, required: await this.requiredApprovals(version.tenantId) },
      yourDecision: version.review && { decision: version.review.decision, comment: version.review.comment, decidedAt: version.review.createdAt },
    };
  }

  /** Tasks with their run's workflow; tasks of draft runs are left out. `decider`: whose decision to show (history). */
  private async taskItems(tasks: readonly { task: TaskRecord; workspace: Workspace }[], decider: string | null, now: number): Promise<TaskItem[]> {
    const runs = new Map<string, RunSummary>((await this.store.getRunSummaries(tasks.map(({ task }) => task.runId))).map((run) => [run.id, run]));
    const names = await this.versions.workflowNames(tasks.flatMap(({ task }) => runs.get(task.runId)?.workflowId ?? []));
    const items: TaskItem[] = [];
    for (const { task, workspace } of tasks) {
      const run = runs.get(task.runId);
      if (!run || run.draft || run.tenantId !== workspace.tenant.id) continue;
      const own = decider === null ? undefined : task.decisions.find((decision) => decision.actorId === decider);
      items.push({
        kind: 'task',
        tenant: workspace.tenant,
        taskId: task.id,
        runId: task.runId,
        nodeId: task.nodeId,
        workflowId: run.workflowId,
        workflowName: run.workflowId === null ? null : (names.get(run.workflowId) ?? null),
        workflowVersion: run.workflowVersion,
        status: task.status,
        title: task.title,
        instructions: task.instructions,
        fields: task.fields,
        createdAt: task.createdAt,
        dueAt: task.dueAt,
        escalatedAt: task.escalatedAt,
        overdue: task.status === 'open' && (task.escalatedAt !== null || (task.dueAt !== null && task.dueAt <= now)),
        approvals: { received: task.decisions.filter((decision) => decision.decision === 'approve').length, required: task.policy.requiredApprovals },
        yourDecision: own ? { decision: own.decision, comment: own.comment, decidedAt: own.decidedAt } : null,
      });
    }
    return items;
  }
}

function tenantOf(workspaces: readonly Workspace[], tenantId: string): Tenant {
  const workspace = workspaces.find((candidate) => candidate.tenant.id === tenantId);
  if (!workspace) throw new Error(`tenant ${tenantId} is not among the workspaces it was read from`);
  return workspace.tenant;
}
