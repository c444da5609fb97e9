import type Database from 'better-sqlite3';
import { WriteQueue, type SqliteDatabase } from '../../runtime/store/index.js';

/** How often old signatures are deleted. */
const PRUNE_INTERVAL_MS = 60_000;

/**
 * The signatures of accepted signed webhook requests, in the database, so a captured request is
 * refused as a replay even after a restart. A signature is kept for `keepMs` after it was received
 * (twice the timestamp tolerance covers every replay the tolerance lets through). Claims are written
 * with group commit; `durable()` resolves once every claim so far is on disk.
 */
export class ReplayGuard {
  /** Claimed in the batch that has not committed yet (the database does not show them yet). */
  private readonly unwritten = new Set<string>();
  private readonly queue: WriteQueue;
  private readonly seen: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly prune: Database.Statement;
  private prunedAt = 0;

  constructor(
    sql: SqliteDatabase,
    private readonly keepMs: number,
  ) {
    const db = sql.connection;
    this.queue = new WriteQueue(sql);
    this.seen = db.prepare('SELECT 1 FROM webhook_signatures WHERE signature = ?').pluck();
    this.insert = db.prepare('INSERT OR IGNORE INTO webhook_signatures (signature, received_at) VALUES (?, ?)');
    this.prune = db.prepare('DELETE FROM webhook_signatures WHERE received_at < ?');
  }

  /** Claims `signature`: true the first time, false when it was received before (a replay). */
  claim(signature: string, now: number): boolean {
    if (this.unwritten.has(signature) || this.seen.get(signature) !== undefined) return false;
    this.unwritten.add(signature);
    this.queue.enqueue(() => {
      this.insert.run(signature, now);
      this.unwritten.delete(signature);
    });
    if (now - this.prunedAt >= PRUNE_INTERVAL_MS) {
      this.prunedAt = now;
      this.queue.enqueue(() => this.prune.run(now - this.keepMs));
    }
    return true;
  }

  /** Resolves once every claim made so far is durable. */
  durable(): Promise<void> {
    return this.queue.flush();
  }
}
