import { afterEach, describe, expect, it } from 'vitest';
import { DecisionTokenError, TaskDecisionError } from '../../../../runtime/engine/index.js';
import { STORE_ENGINES, openEngineHarness, waitFixture, type EngineHarness } from '../../../support/engine-harness.js';

describe.each(STORE_ENGINES)('with the run store on %s', (storeEngine) => {
  let harness: EngineHarness;
  afterEach(() => harness.close());

  const ann = { id: 'ann@partner.example', roles: ['approver'] };
  const bob = { id: 'bob@partner.example', roles: ['approver', 'designer'] };
  const cleo = { id: 'cleo@partner.example', roles: ['approver'] };
  const input = { orderId: 'SO-77', amount: 240 };

  async function startWaiting(name: string, initiatedBy: string | null = null) {
    harness = await openEngineHarness(storeEngine);
    const run = await harness.engine.execute({ definition: waitFixture(name), input, initiatedBy });
    expect(run.status).toBe('waiting');
    const [task] = await harness.store.listTasks({ tenantId: 'local', runId: run.id });
    if (!task) throw new Error('no task was opened');
    return { run, task };
  }

  async function steps(runId: string): Promise<string[]> {
    const trace = await harness.engine.trace(runId);
    return (trace?.steps ?? []).map((step) => `${step.nodeId}:${step.status}${step.ports.length > 0 ? `:${step.ports.join(',')}` : ''}`);
  }

  describe('human approval gates', () => {
    it('opens a task with the evaluated title and fields, and holds no memory while the run waits', async () => {
      const { run, task } = await startWaiting('approval-single');
      expect(task).toMatchObject({
        status: 'open',
        title: 'Refund 240 EUR for SO-77',
        instructions: 'Check the return was received before approving.',
        fields: { Order: 'SO-77', Amount: 240 },
        policy: { roles: ['approver'], users: [], requiredApprovals: 1, vetoOnReject: true, allowInitiator: false },
      });
      // Announced once the task's commit has returned, which may be after the read above.
      await expect.poll(() => harness.tasksOpened.map((opened) => opened.id)).toEqual([task.id]);
      expect(harness.engine.activeRuns).toBe(0);
      expect(await steps(run.id)).toEqual(['received:succeeded:out', 'approve:waiting']);
    });

    it('resumes on approved with who decided, and the task is closed', async () => {
      const { run, task } = await startWaiting('approval-single');
      const decided = await harness.engine.decide(task.id, { decision: 'approve', actor: ann, comment: 'Return received' });
      expect(decided.status).toBe('approved');
      const finished = await harness.until(run.id, 'succeeded');
      expect(finished.output).toEqual({ result: 'refunded', by: ann.id });
      expect(await steps(run.id)).toEqual([
        'received:succeeded:out',
        'approve:succeeded:approved',
        'decline:skipped',
        'expired:skipped',
        'refund:succeeded:out',
      ]);
      const trace = await harness.engine.trace(run.id);
      expect(trace?.steps.find((step) => step.nodeId === 'approve')?.output).toMatchObject({
        decision: 'approved',
        decisions: [{ actorId: ann.id, decision: 'approve', comment: 'Return received' }],
      });
    });

    it('resumes on rejected', async () => {
      const { run, task } = await startWaiting('approval-single');
      await harness.engine.decide(task.id, { decision: 'reject', actor: ann, comment: 'No return' });
      expect((await harness.until(run.id, 'succeeded')).output).toEqual({ result: 'declined' });
    });

    it('leaves on timeout at the due time', async () => {
      const { run } = await startWaiting('approval-due');
      harness.clock.advance(59 * 60_000);
      await harness.engine.runDueTimers();
      expect((await harness.engine.trace(run.id))?.run.status).toBe('waiting');
      harness.clock.advance(2 * 60_000);
      await harness.engine.runDueTimers();
      expect((await harness.until(run.id, 'succeeded')).output).toEqual({ result: 'expired' });
      const [task] = await harness.store.listTasks({ tenantId: 'local', runId: run.id });
      expect(task?.status).toBe('timed_out');
    });

    it('escalates at the due time and keeps waiting for a decision', async () => {
      const { run, task } = await startWaiting('approval-escalate');
      harness.clock.advance(61 * 60_000);
      await harness.engine.runDueTimers();
      expect(harness.tasksEscalated.map((escalated) => escalated.id)).toEqual([task.id]);
      expect((await harness.engine.trace(run.id))?.run.status).toBe('waiting');
      await harness.engine.decide(task.id, { decision: 'approve', actor: ann });
      expect((await harness.until(run.id, 'succeeded')).output).toMatchObject({ result: 'refunded' });
    });

    it('needs N approvals (N of M) and then approves', async () => {
      const { run, task } = await startWaiting('approval-two-of-n');
      expect((await harness.engine.decide(task.id, { decision: 'approve', actor: ann })).status).toBe('open');
      expect((await harness.engine.trace(run.id))?.run.status).toBe('waiting');
      expect((await harness.engine.decide(task.id, { decision: 'approve', actor: bob })).status).toBe('approved');
      expect((await harness.until(run.id, 'succeeded')).output).toMatchObject({ result: 'refunded' });
    });

    it('rejects on one rejection when the policy vetoes', async () => {
      const { run, task } = await startWaiting('approval-two-of-n');
      await harness.engine.decide(task.id, { decision: 'approve', actor: ann });
      expect((await harness.engine.decide(task.id, { decision: 'reject', actor: bob })).status).toBe('rejected');
      expect((await harness.until(run.id, 'succeeded')).output).toEqual({ result: 'declined' });
    });

    it('without veto, needs as many rejections as approvals to reject', async () => {
      const { run, task } = await startWaiting('approval-no-veto');
      expect((await harness.engine.decide(task.id, { decision: 'reject', actor: ann })).status).toBe('open');
      expect((await harness.engine.decide(task.id, { decision: 'approve', actor: bob })).status).toBe('open');
      expect((await harness.engine.decide(task.id, { decision: 'reject', actor: cleo })).status).toBe('rejected');
      expect((await harness.until(run.id, 'succeeded')).output).toEqual({ result: 'declined' });
    });

    it('refuses deciders outside the policy, second decisions and decisions on closed tasks, changing nothing', async () => {
      const { run, task } = await startWaiting('approval-two-of-n');
      const refusal = (promise: Promise<unknown>) => promise.then(() => 'accepted', (error: unknown) => (error instanceof TaskDecisionError ? error.reason : String(error)));
      expect(await refusal(harness.engine.decide(task.id, { decision: 'approve', actor: { id: 'olaf@distributor.example', roles: ['operator'] } }))).toBe('not-allowed');
      await harness.engine.decide(task.id, { decision: 'approve', actor: ann });
      expect(await refusal(harness.engine.decide(task.id, { decision: 'reject', actor: ann }))).toBe('already-decided');
      expect(await refusal(harness.engine.decide('no-such-task', { decision: 'approve', actor: ann }))).toBe('not-found');
      expect((await harness.store.getTask(task.id))?.decisions).toHaveLength(1);
      await harness.engine.decide(task.id, { decision: 'approve', actor: bob });
      await harness.until(run.id, 'succeeded');
      expect(await refusal(harness.engine.decide(task.id, { decision: 'reject', actor: cleo }))).toBe('closed');
      expect((await harness.store.getTask(task.id))?.decisions.map((decision) => decision.actorId)).toEqual([ann.id, bob.id]);
    });

    it('keeps the person who started the run from approving it (separation of duties)', async () => {
      const { task } = await startWaiting('approval-single', ann.id);
      await expect(harness.engine.decide(task.id, { decision: 'approve', actor: ann })).rejects.toThrow(
        'the person who started the run may not decide its approval',
      );
      expect((await harness.engine.decide(task.id, { decision: 'approve', actor: bob })).status).toBe('approved');
    });

    it('lets the person who started a draft run decide its gate as a test, at once, and nobody else', async () => {
      const { run, task } = await startWaiting('approval-two-of-n', ann.id);
      await expect(harness.engine.decide(task.id, { decision: 'reject', actor: bob, asTest: true })).rejects.toThrow(
        'only the person who started a test run of a draft may decide its approval as a test',
      );
      const decided = await harness.engine.decide(task.id, { decision: 'reject', actor: ann, comment: 'trying the rejected path', asTest: true });
      expect(decided).toMatchObject({ status: 'rejected', decisions: [{ actorId: ann.id, decision: 'reject', comment: 'trying the rejected path' }] });
      expect((await harness.until(run.id, 'succeeded')).output).toEqual({ result: 'declined' });
    });

    it('refuses a test decision on a run of an approved version, even from the person who started it', async () => {
      harness = await openEngineHarness(storeEngine);
      const run = await harness.engine.execute({ definition: waitFixture('approval-single'), input, initiatedBy: ann.id, workflowId: 'refunds', workflowVersion: 3 });
      const [task] = await harness.store.listTasks({ tenantId: 'local', runId: run.id });
      if (!task) throw new Error('no task was opened');
      await expect(harness.engine.decide(task.id, { decision: 'approve', actor: ann, asTest: true })).rejects.toThrow(
        'only the person who started a test run of a draft may decide its approval as a test',
      );
      expect((await harness.store.getTask(task.id))?.decisions).toEqual([]);
    });

    it('lets named users decide whatever their roles', async () => {
      const { run, task } = await startWaiting('approval-named');
      await expect(harness.engine.decide(task.id, { decision: 'approve', actor: ann })).rejects.toThrow('may not decide this task');
      await harness.engine.decide(task.id, { decision: 'approve', actor: { id: 'fiona@distributor.example', roles: [] } });
      expect((await harness.until(run.id, 'succeeded')).output).toMatchObject({ result: 'refunded' });
    });

    it('survives a restart while waiting: the decision resumes the run on the new engine', async () => {
      const { run, task } = await startWaiting('approval-single');
      harness = await harness.restart();
      await harness.engine.recover();
      await harness.engine.decide(task.id, { decision: 'approve', actor: bob });
      expect((await harness.until(run.id, 'succeeded')).output).toEqual({ result: 'refunded', by: bob.id });
    });
  });

  describe('approvers resolved asynchronously', () => {
    const fiona = 'fiona@distributor.example';

    it('opens the task with the ids the resolver answered, each once', async () => {
      const asked: [string, readonly string[]][] = [];
      harness = await openEngineHarness(storeEngine, {
        resolveApprovers: (tenantId, named) => {
          asked.push([tenantId, named]);
          return new Promise((resolve) => setTimeout(() => resolve(['user-fiona', 'user-fiona']), 10));
        },
      });
      const run = await harness.engine.execute({ definition: waitFixture('approval-named'), input });
      expect(run.status).toBe('waiting');
      expect(asked).toEqual([['local', [fiona]]]);
      const [task] = await harness.store.listTasks({ tenantId: 'local', runId: run.id });
      if (!task) throw new Error('no task was opened');
      expect(task.policy.users).toEqual(['user-fiona']);
      await expect(harness.engine.decide(task.id, { decision: 'approve', actor: { id: fiona, roles: [] } })).rejects.toThrow('may not decide this task');
      await harness.engine.decide(task.id, { decision: 'approve', actor: { id: 'user-fiona', roles: [] } });
      expect((await harness.until(run.id, 'succeeded')).output).toEqual({ result: 'refunded', by: 'user-fiona' });
    });

    it('opens no task when the run is cancelled while the approvers are being resolved', async () => {
      let asked!: () => void;
      const resolverCalled = new Promise<void>((resolve) => (asked = resolve));
      let answer!: (ids: readonly string[]) => void;
      harness = await openEngineHarness(storeEngine, {
        resolveApprovers: () => {
          asked();
          return new Promise((resolve) => (answer = resolve));
        },
      });
      const { runId, settled } = await harness.engine.start({ definition: waitFixture('approval-named'), input });
      await resolverCalled;
      const cancelling = harness.engine.cancel(runId);
      // The cancellation reaches the driver through the run's lock, within the current turn.
      await new Promise((resolve) => setImmediate(resolve));
      answer(['user-fiona']);
      expect((await cancelling).status).toBe('cancelled');
      expect((await settled).status).toBe('cancelled');
      expect(await harness.store.listTasks({ tenantId: 'local', runId })).toEqual([]);
      const trace = await harness.engine.trace(runId);
      expect(trace?.steps.find((step) => step.nodeId === 'approve')).toMatchObject({
        status: 'failed',
        error: { code: 'CANCELLED', message: 'the run ended before the wait began' },
      });
      expect(harness.engine.activeRuns).toBe(0);
    });
  });

  describe('signed decision links', () => {
    it('decide once, are bound to their claims, and expire', async () => {
      const { run, task } = await startWaiting('approval-two-of-n');
      const token = await harness.engine.decisionLink(task.id, ann.id, 60 * 60_000);
      const claims = harness.engine.verifyDecisionLink(token);
      expect(claims).toMatchObject({ tenantId: 'local', runId: run.id, nodeId: 'approve', taskId: task.id, approverId: ann.id });
      await harness.engine.decide(task.id, { decision: 'approve', actor: { id: claims.approverId, roles: ['approver'] }, tokenId: claims.tokenId });
      await expect(
        harness.engine.decide(task.id, { decision: 'approve', actor: { id: bob.id, roles: ['approver'] }, tokenId: claims.tokenId }),
      ).rejects.toThrow('this decision link has already been used');

      const [payload, signature] = token.split('.') as [string, string];
      const forged = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      forged.approverId = 'mallory@example.test';
      const tampered = `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
      expect(() => harness.engine.verifyDecisionLink(tampered)).toThrow(DecisionTokenError);
      expect(() => harness.engine.verifyDecisionLink(`${payload}.`)).toThrow('the decision link is malformed');

      const reordered = Object.fromEntries(Object.entries(JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>).reverse());
      const same = `${Buffer.from(JSON.stringify(reordered, null, 2)).toString('base64url')}.${signature}`;
      expect(harness.engine.verifyDecisionLink(same).tokenId).toBe(claims.tokenId);

      harness.clock.advance(61 * 60_000);
      expect(() => harness.engine.verifyDecisionLink(token)).toThrow('the decision link has expired');
    });
  });
});
