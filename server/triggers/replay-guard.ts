import { groupCommit, type GroupCommit, type SqlDatabase } from '../../runtime/store/index.js';

/** How often old signatures are deleted. */
const PRUNE_INTERVAL_MS = 60_000;

/**
 * The signatures of accepted signed webhook requests, in the database, so a captured request is
 * refused as a replay even after a restart and by every other server process. A signature is kept
 * for `keepMs` after it was received (twice the timestamp tolerance covers every replay the
 * tolerance lets through). Claims are written with group commit: each is an
 * `INSERT ... ON CONFLICT DO NOTHING` in the next batch, the insert's row count decides who was
 * first, and a claim answers once its batch is durable.
 */
export class ReplayGuard {
  private readonly queue: GroupCommit;
  private prunedAt = 0;

  constructor(
    private readonly sql: SqlDatabase,
    private readonly keepMs: number,
  ) {
    this.queue = groupCommit(sql);
  }

  /**
   * Claims `signature`: true the first time, false when it was received before (a replay), by this
   * process or another. Resolves once the claim is durable, so no crash can let a replay through.
   */
  async claim(signature: string, now: number): Promise<boolean> {
    let inserted = 0;
    this.queue.enqueue(async () => {
      inserted = await this.sql.run('INSERT INTO webhook_signatures (signature, received_at) VALUES (?, ?) ON CONFLICT (signature) DO NOTHING', [signature, now]);
    });
    if (now - this.prunedAt >= PRUNE_INTERVAL_MS) {
      this.prunedAt = now;
      this.queue.enqueue(() => this.sql.run('DELETE FROM webhook_signatures WHERE received_at < ?', [now - this.keepMs]));
    }
    await this.queue.flush();
    return inserted === 1;
  }

  /** Resolves once every claim made so far is durable. */
  durable(): Promise<void> {
    return this.queue.flush();
  }
}
