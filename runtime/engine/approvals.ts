import type { Clock } from '../definition/index.js';
import { toPlainData, type PlainData } from '../expressions/index.js';
import type { RunStore, TaskDecision, TaskRecord, TimerRecord } from '../store/index.js';
import type { EngineJournal } from './engine-journal.js';
import type { StepCompletion } from './run-driver.js';
import { isDraftRun } from './run-snapshot.js';

/** Who is deciding: the server resolves the user's current roles in the task's tenant. */
export interface Actor {
  readonly id: string;
  readonly roles: readonly string[];
}

/** A decision on a human task. */
export interface DecisionRequest {
  readonly decision: 'approve' | 'reject';
  readonly actor: Actor;
  readonly comment?: string;
  /** Id of the signed link the decision came through; each link decides once. */
  readonly tokenId?: string;
  /**
   * A test decision: the person who started a test run of a draft tries the gate's paths. Only that
   * person, only on a draft run; the gate's approvers and N of M do not apply, and the task closes
   * with this decision. It gives a tester nothing they lack: they can test-run the draft without
   * the gate just as well.
   */
  readonly asTest?: boolean;
}

/** Why a decision was refused; nothing changed. */
export class TaskDecisionError extends Error {
  override readonly name = 'TaskDecisionError';
  constructor(
    readonly reason: 'not-found' | 'closed' | 'not-allowed' | 'already-decided' | 'link-used',
    message: string,
  ) {
    super(message);
  }
}

/** What the approval service needs from the engine. */
export interface ApprovalHooks {
  /** Ends the gate's wait; `together` queues the writes that belong with it (same commit). */
  complete(runId: string, nodeId: string, completion: StepCompletion, together?: () => unknown): Promise<boolean>;
  escalated(task: TaskRecord): void;
  /** The embedding server's writes for time-outs and escalations, committed with them. */
  readonly journal: EngineJournal;
}

/**
 * Human approval gates: records decisions, enforces who may decide (roles or named users, never
 * twice, not the run's initiator unless allowed), applies the N-of-M and veto policy, and resumes
 * the run on `approved`, `rejected` or, at the due time, `timeout` — or escalates and keeps waiting.
 * Everything that reads a task and then writes it (a decision, a test decision, the due time) runs
 * in the task's exclusive section of the store, so it sees every earlier change to the task made by
 * any process on the database, and none can slip in between its read and its commit.
 */
export class ApprovalService {
  constructor(
    private readonly store: RunStore,
    private readonly clock: Clock,
    private readonly hooks: ApprovalHooks,
  ) {}

  /**
   * Records a decision; once the policy is met the run resumes. Refusals throw {@link TaskDecisionError}.
   * `together` is written in the decision's commit with the task as it stands after it.
   */
  decide(taskId: string, request: DecisionRequest, together?: (task: TaskRecord) => unknown): Promise<TaskRecord> {
    return this.store.exclusive(taskSection(taskId), async () => {
      await this.store.flush();
      const task = await this.store.getTask(taskId);
      if (!task) throw new TaskDecisionError('not-found', `task "${taskId}" does not exist`);
      if (task.status !== 'open') throw new TaskDecisionError('closed', `the task is already ${task.status.replace('_', ' ')}`);
      if (request.asTest === true) return this.decideAsTest(task, request, together);
      checkAllowed(task, request.actor);
      if (task.decisions.some((decision) => decision.actorId === request.actor.id)) {
        throw new TaskDecisionError('already-decided', 'you have already decided this task; each person decides once');
      }
      if (request.tokenId !== undefined && (await this.store.isTokenUsed(request.tokenId))) {
        throw new TaskDecisionError('link-used', 'this decision link has already been used');
      }
      const decision: TaskDecision = {
        actorId: request.actor.id,
        decision: request.decision,
        comment: request.comment ?? '',
        decidedAt: this.now(),
        tokenId: request.tokenId ?? null,
      };
      const decided = { ...task, decisions: [...task.decisions, decision] };
      const outcome = policyOutcome(decided);
      if (outcome === undefined) {
        this.store.addDecision(taskId, decision);
        if (together) this.store.queueWrite(() => together(decided));
        await this.store.flush();
        return decided;
      }
      return this.close(decided, outcome, () => this.store.addDecision(taskId, decision), together);
    });
  }

  /** A test decision (see {@link DecisionRequest.asTest}): refused unless the actor started this draft run. */
  private async decideAsTest(task: TaskRecord, request: DecisionRequest, together?: (task: TaskRecord) => unknown): Promise<TaskRecord> {
    const run = await this.store.getRun(task.runId);
    if (!run || !isDraftRun(run) || run.initiatedBy === null || run.initiatedBy !== request.actor.id) {
      throw new TaskDecisionError('not-allowed', 'only the person who started a test run of a draft may decide its approval as a test');
    }
    const decision: TaskDecision = {
      actorId: request.actor.id,
      decision: request.decision,
      comment: request.comment ?? '',
      decidedAt: this.now(),
      tokenId: null,
    };
    const decided = { ...task, decisions: [...task.decisions, decision] };
    return this.close(decided, request.decision === 'approve' ? 'approved' : 'rejected', () => this.store.addDecision(task.id, decision), together);
  }

  /** The due time of a task came: leave on `timeout`, or escalate and keep waiting. */
  async onDue(timer: TimerRecord): Promise<void> {
    const task = await this.store.getTaskForStep(timer.runId, timer.nodeId, timer.iteration);
    if (!task) return;
    const escalated = await this.store.exclusive(taskSection(task.id), async () => {
      await this.store.flush();
      const current = await this.store.getTask(task.id);
      if (current?.status !== 'open') return undefined;
      const journal = this.hooks.journal;
      if (current.onDue === 'timeout') {
        await this.close(current, 'timed_out', undefined, (closed) => journal.taskTimedOut?.(closed));
        return undefined;
      }
      const escalation = { ...current, escalatedAt: this.now() };
      this.store.updateTask(current.id, { escalatedAt: escalation.escalatedAt });
      this.store.queueWrite(() => journal.taskEscalated?.(escalation));
      await this.store.flush();
      return escalation;
    });
    if (escalated) this.hooks.escalated(escalated);
  }

  /**
   * Closes the task and resumes the run, all in one commit with `alsoWrite` (the deciding decision)
   * and `together` (the embedding server's write, given the closed task).
   */
  private async close(
    task: TaskRecord,
    status: 'approved' | 'rejected' | 'timed_out',
    alsoWrite: () => void = () => undefined,
    together?: (task: TaskRecord) => unknown,
  ): Promise<TaskRecord> {
    const closedAt = this.now();
    const port = status === 'timed_out' ? 'timeout' : status;
    const output: PlainData = toPlainData({
      taskId: task.id,
      decision: port,
      decisions: task.decisions.map((decision) => ({
        actorId: decision.actorId,
        decision: decision.decision,
        comment: decision.comment,
        decidedAt: new Date(decision.decidedAt).toISOString(),
      })),
    });
    const closedTask: TaskRecord = { ...task, status, closedAt };
    const closed = await this.hooks.complete(task.runId, task.nodeId, { kind: 'succeeded', ports: [port], output }, () => {
      alsoWrite();
      this.store.updateTask(task.id, { status, closedAt });
      this.store.deleteTimers(task.runId, task.nodeId, task.iteration);
      if (together) this.store.queueWrite(() => together(closedTask));
    });
    if (!closed) throw new TaskDecisionError('closed', 'the run no longer waits for this task');
    return closedTask;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

/** The name of a task's exclusive section in the store. */
function taskSection(taskId: string): string {
  return `task:${taskId}`;
}

function checkAllowed(task: TaskRecord, actor: Actor): void {
  const named = task.policy.users.includes(actor.id);
  const byRole = actor.roles.some((role) => task.policy.roles.includes(role));
  if (!named && !byRole) {
    throw new TaskDecisionError('not-allowed', `you may not decide this task: it is decided by the people it names and by holders of its roles (${task.policy.roles.join(', ') || 'none'})`);
  }
  if (!task.policy.allowInitiator && task.initiatedBy !== null && task.initiatedBy === actor.id) {
    throw new TaskDecisionError('not-allowed', 'the person who started the run may not decide its approval');
  }
}

/** Approved once N approvals are in; rejected by one rejection (veto) or, without veto, by N rejections. */
function policyOutcome(task: TaskRecord): 'approved' | 'rejected' | undefined {
  const approvals = task.decisions.filter((decision) => decision.decision === 'approve').length;
  const rejections = task.decisions.length - approvals;
  if (rejections > 0 && task.policy.vetoOnReject) return 'rejected';
  if (approvals >= task.policy.requiredApprovals) return 'approved';
  if (rejections >= task.policy.requiredApprovals) return 'rejected';
  return undefined;
}
