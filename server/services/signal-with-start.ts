import type { Engine } from '../../runtime/engine/index.js';
import { KeyedMutex } from '../../runtime/store/keyed-mutex.js';
import { FINISHED_RUN_STATUSES, type RunStore } from '../../runtime/store/index.js';

/** What a signal-with-start did; see `signalAnswerSchema` in server/contract/runs.ts. */
export interface SignalStartOutcome {
  readonly outcome: 'delivered' | 'started' | 'running';
  readonly resumed: number;
  readonly runId: string | null;
}

/** One signal-with-start: what to deliver, and how to start the run when nothing waits. */
export interface SignalStartRequest {
  readonly tenantId: string;
  readonly workflowId: string;
  readonly correlationKey: string;
  readonly payload: unknown;
  /** Written in the commit that resumes each waiting run (its audit entry). */
  readonly delivered: (runId: string) => unknown;
  /** Starts the run (business key = the correlation key), committed before it resolves with its id. */
  readonly start: () => Promise<string>;
}

/** How many of the newest runs with the key are looked at for one still unfinished. */
const UNFINISHED_LOOKUP = 20;

/**
 * Signal-with-start: delivers a signal to the workflow's runs waiting for its key, or — when none
 * waits — starts a run of the workflow with the key as its business key, unless a run of the
 * workflow with that business key is still unfinished (then nothing is started twice: it is
 * answered as `running`, and the payload, like any signal nobody waits for, is not kept).
 * Requests with the same tenant and key take turns (a keyed mutex), and a start is committed
 * before the next one looks, so concurrent identical signals start one run. The mutex is per
 * process: several API processes on one database would need a lock in the database.
 */
export class SignalWithStart {
  private readonly turns = new KeyedMutex();

  constructor(
    private readonly engine: Engine,
    private readonly store: RunStore,
  ) {}

  deliverOrStart(request: SignalStartRequest): Promise<SignalStartOutcome> {
    const { tenantId, workflowId, correlationKey } = request;
    return this.turns.run(`${tenantId}\n${correlationKey}`, async () => {
      const resumed = await this.engine.signal(tenantId, correlationKey, request.payload, request.delivered, workflowId);
      if (resumed > 0) return { outcome: 'delivered', resumed, runId: null };
      await this.store.flush();
      const runs = await this.store.listRuns({ tenantId, workflowId, businessKey: correlationKey, limit: UNFINISHED_LOOKUP });
      const unfinished = runs.find((run) => !FINISHED_RUN_STATUSES.has(run.status));
      if (unfinished) return { outcome: 'running', resumed: 0, runId: unfinished.id };
      return { outcome: 'started', resumed: 0, runId: await request.start() };
    });
  }
}
