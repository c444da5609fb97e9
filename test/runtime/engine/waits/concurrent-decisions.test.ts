import { afterEach, describe, expect, it } from 'vitest';
import { TaskDecisionError, type Actor } from '../../../../runtime/engine/index.js';
import type { TaskRecord } from '../../../../runtime/store/index.js';
import { openEngineHarness, waitFixture, type EngineHarness } from '../../../support/engine-harness.js';

const ann: Actor = { id: 'ann@partner.example', roles: ['approver'] };
const bob: Actor = { id: 'bob@partner.example', roles: ['approver'] };
const input = { orderId: 'SO-77', amount: 240 };
const ROUNDS = 20;

/** Every step of the run, as `node:status`, in recorded order. */
async function steps(harness: EngineHarness, runId: string): Promise<string[]> {
  const trace = await harness.engine.trace(runId);
  return (trace?.steps ?? []).map((step) => `${step.nodeId}:${step.status}`);
}

/** Starts a run of the wait fixture `name` on `harness` and answers its open task. */
async function waitingTask(harness: EngineHarness, name: string): Promise<TaskRecord> {
  const run = await harness.engine.execute({ definition: waitFixture(name), input });
  expect(run.status).toBe('waiting');
  const [task] = await harness.store.listTasks({ tenantId: 'local', runId: run.id });
  if (!task) throw new Error('no task was opened');
  return task;
}

/** What each decision came to: the task's status after it, or the reason it was refused. */
async function outcomes(decisions: readonly Promise<TaskRecord>[]): Promise<string[]> {
  const settled = await Promise.allSettled(decisions);
  return settled
    .map((result) => {
      if (result.status === 'fulfilled') return result.value.status;
      if (result.reason instanceof TaskDecisionError) return `refused:${result.reason.reason}`;
      throw result.reason;
    })
    .sort();
}

describe('decisions made at the same moment in two processes on one PostgreSQL database', () => {
  let first: EngineHarness;
  let second: EngineHarness;
  afterEach(async () => {
    await second.close();
    await first.close();
  });

  async function twoProcesses(): Promise<void> {
    first = await openEngineHarness('postgres');
    second = await first.alongside();
  }

  it('close a two-of-three task approved exactly once, and the run resumes once', async () => {
    await twoProcesses();
    for (let round = 0; round < ROUNDS; round++) {
      const task = await waitingTask(first, 'approval-two-of-n');
      const decided = await outcomes([first.engine.decide(task.id, { decision: 'approve', actor: ann }), second.engine.decide(task.id, { decision: 'approve', actor: bob })]);
      expect(decided, `round ${round}`).toEqual(['approved', 'open']);
      expect((await first.until(task.runId, 'succeeded')).output).toMatchObject({ result: 'refunded' });
      const stored = await second.store.getTask(task.id);
      expect(stored?.status).toBe('approved');
      expect(stored?.decisions.map((decision) => decision.actorId).sort()).toEqual([ann.id, bob.id]);
      expect(await steps(first, task.runId)).toEqual(['received:succeeded', 'approve:succeeded', 'decline:skipped', 'expired:skipped', 'refund:succeeded']);
    }
  });

  it('let one of two deciders close a one-approval task, and the run resumes once', async () => {
    await twoProcesses();
    for (let round = 0; round < ROUNDS; round++) {
      const task = await waitingTask(first, 'approval-single');
      const decided = await outcomes([first.engine.decide(task.id, { decision: 'approve', actor: ann }), second.engine.decide(task.id, { decision: 'reject', actor: bob })]);
      expect(decided, `round ${round}`).toEqual(expect.arrayContaining(['refused:closed']));
      expect(decided.filter((outcome) => outcome === 'approved' || outcome === 'rejected')).toHaveLength(1);
      await first.until(task.runId, 'succeeded');
      expect((await second.store.getTask(task.id))?.decisions).toHaveLength(1);
      const ran = (await steps(first, task.runId)).filter((step) => step.endsWith(':succeeded'));
      expect(ran).toHaveLength(3);
    }
  });

  it('accept a decision link used through both at once only once', async () => {
    await twoProcesses();
    for (let round = 0; round < ROUNDS; round++) {
      const task = await waitingTask(first, 'approval-two-of-n');
      const { tokenId, approverId } = first.engine.verifyDecisionLink(await first.engine.decisionLink(task.id, ann.id, 60 * 60_000));
      const viaLink = { decision: 'approve' as const, actor: { id: approverId, roles: ['approver'] }, tokenId };
      const decided = await outcomes([first.engine.decide(task.id, viaLink), second.engine.decide(task.id, viaLink)]);
      expect(decided, `round ${round}`).toHaveLength(2);
      expect(decided.filter((outcome) => outcome === 'open')).toHaveLength(1);
      expect((await second.store.getTask(task.id))?.decisions.map((decision) => decision.tokenId)).toEqual([tokenId]);
    }
    // Both stores still commit: neither process lost a write to a duplicate decision.
    await expect(first.store.flush()).resolves.toBeUndefined();
    await expect(second.store.flush()).resolves.toBeUndefined();
  });

  it('let either the due time or a decision close the task, never both', async () => {
    await twoProcesses();
    for (let round = 0; round < ROUNDS; round++) {
      const task = await waitingTask(first, 'approval-due');
      first.clock.advance(61 * 60_000);
      const [decided] = await Promise.all([outcomes([second.engine.decide(task.id, { decision: 'approve', actor: ann })]), first.engine.runDueTimers()]);
      const finished = await first.until(task.runId, 'succeeded');
      const closed = await second.store.getTask(task.id);
      expect(decided, `round ${round}`).toEqual([closed?.status === 'approved' ? 'approved' : 'refused:closed']);
      expect(finished.output).toEqual(closed?.status === 'approved' ? { result: 'refunded', by: ann.id } : { result: 'expired' });
      expect((await steps(first, task.runId)).filter((step) => step.endsWith(':succeeded'))).toHaveLength(3);
    }
  });
});

describe('decisions made at the same moment in one process on SQLite', () => {
  let harness: EngineHarness;
  afterEach(() => harness.close());

  it('close a two-of-three task approved exactly once, and the run resumes once', async () => {
    harness = await openEngineHarness('sqlite');
    for (let round = 0; round < ROUNDS; round++) {
      const task = await waitingTask(harness, 'approval-two-of-n');
      const decided = await outcomes([harness.engine.decide(task.id, { decision: 'approve', actor: ann }), harness.engine.decide(task.id, { decision: 'approve', actor: bob })]);
      expect(decided, `round ${round}`).toEqual(['approved', 'open']);
      await harness.until(task.runId, 'succeeded');
      expect(await steps(harness, task.runId)).toEqual(['received:succeeded', 'approve:succeeded', 'decline:skipped', 'expired:skipped', 'refund:succeeded']);
    }
  });
});
