import type { SqlDatabase } from '../../runtime/store/index.js';
import { DomainError } from '../domain/domain-error.js';

/** How long a key is remembered: a retry within this window gets the first answer. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A request made under an idempotency key. */
export interface IdempotentRequest {
  readonly tenantId: string;
  /** The endpoint the key belongs to, e.g. `runs:<workflowId>` or `webhook:<workflowId>/<nodeId>`. */
  readonly scope: string;
  readonly key: string;
  /** A digest of what the request asked for; a retry must ask for the same. */
  readonly fingerprint: string;
}

/** The first request's answer, kept for its retries. */
export interface IdempotentAnswer {
  readonly status: number;
  /** The run the first request started, if it started one. */
  readonly runId: string | null;
  /** The body; null for a webhook that answers with its run's result, read from the run on replay. */
  readonly body: unknown;
}

/** A key this process is acting on: recorded with the change it makes, or released. */
export interface IdempotencyClaim {
  readonly request: IdempotentRequest;
}

interface KeyRow {
  fingerprint: string;
  run_id: string | null;
  status: number;
  body: string | null;
  created_at: number;
}

/** The status of a key claimed by a request still being acted on (no HTTP status is 0). */
const PENDING = 0;

/**
 * How long a claim may stay pending before another request may take the key over: a request
 * records its answer when its run starts, within moments, so a claim this old belongs to a process
 * that died before it could record or release it.
 */
export const PENDING_CLAIM_LEASE_MS = 5 * 60 * 1000;

const SELECT_KEY = 'SELECT fingerprint, run_id, status, body, created_at FROM idempotency_keys WHERE tenant_id = ? AND scope = ? AND key = ?';

/**
 * Idempotency keys per tenant and endpoint (Stripe's model, and the IETF Idempotency-Key draft's):
 * the first request under a key acts and its answer is recorded in the same transaction as its
 * change; a retry within {@link IDEMPOTENCY_WINDOW_MS} gets that answer instead of acting again.
 * A retry asking for something else answers 422; one arriving while the first is still being
 * acted on answers 409. The database decides which request is first, across processes: a request
 * claims its key by inserting a pending row (the primary key lets one insert through), and a
 * request that finds the row reads the winner's record.
 */
export class IdempotencyKeys {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Looks the key up: the first answer to replay, or a claim to act under. Throws 422 when the key
   * was used for another request, 409 while the first request with it is still being acted on.
   */
  async begin(request: IdempotentRequest): Promise<{ readonly replay: IdempotentAnswer } | { readonly claim: IdempotencyClaim }> {
    const ids = [request.tenantId, request.scope, request.key];
    for (;;) {
      const now = this.now();
      const inserted = await this.sql.run(
        `INSERT INTO idempotency_keys (tenant_id, scope, key, fingerprint, run_id, status, body, created_at) VALUES (?, ?, ?, ?, NULL, ?, NULL, ?)
         ON CONFLICT (tenant_id, scope, key) DO NOTHING`,
        [...ids, request.fingerprint, PENDING, now],
      );
      if (inserted === 1) return { claim: { request } };
      const row = await this.sql.get<KeyRow>(SELECT_KEY, ids);
      // Released or pruned since the insert: try the insert again.
      if (!row) continue;
      const stale = row.status === PENDING ? row.created_at < now - PENDING_CLAIM_LEASE_MS : row.created_at < now - IDEMPOTENCY_WINDOW_MS;
      if (stale) {
        // Takes the key over only if nobody else did since it was read.
        const taken = await this.sql.run(
          `UPDATE idempotency_keys SET fingerprint = ?, run_id = NULL, status = ?, body = NULL, created_at = ?
           WHERE tenant_id = ? AND scope = ? AND key = ? AND status = ? AND created_at = ?`,
          [request.fingerprint, PENDING, now, ...ids, row.status, row.created_at],
        );
        if (taken === 1) return { claim: { request } };
        continue;
      }
      if (row.status === PENDING) {
        throw new DomainError('conflict', 'IDEMPOTENCY_KEY_IN_USE', 'a request with this idempotency key is still being processed; retry in a moment to get its answer');
      }
      if (row.fingerprint !== request.fingerprint) {
        throw new DomainError('invalid', 'IDEMPOTENCY_KEY_REUSED', 'this idempotency key was already used for a different request; use a new key for a new request');
      }
      return { replay: { status: row.status, runId: row.run_id, body: row.body === null ? null : (JSON.parse(row.body) as unknown) } };
    }
  }

  /**
   * Records the claim's answer. Call it inside the transaction that makes the change (the engine's
   * `together` write), so the key is never stored without its run nor the run without its key.
   */
  async record(claim: IdempotencyClaim, answer: IdempotentAnswer): Promise<void> {
    const { tenantId, scope, key, fingerprint } = claim.request;
    await this.sql.run(
      `INSERT INTO idempotency_keys (tenant_id, scope, key, fingerprint, run_id, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, run_id = excluded.run_id, status = excluded.status,
         body = excluded.body, created_at = excluded.created_at`,
      [tenantId, scope, key, fingerprint, answer.runId, answer.status, answer.body === null ? null : JSON.stringify(answer.body), this.now()],
    );
  }

  /** Gives a claim up when the request failed before its change was made (the key may be used again). */
  async release(claim: IdempotencyClaim): Promise<void> {
    const { tenantId, scope, key } = claim.request;
    await this.sql.run('DELETE FROM idempotency_keys WHERE tenant_id = ? AND scope = ? AND key = ? AND status = ?', [tenantId, scope, key, PENDING]);
  }

  /** Forgets keys older than the window as of `now`; answers how many went. */
  pruneExpired(now = this.now()): Promise<number> {
    return this.sql.run('DELETE FROM idempotency_keys WHERE created_at < ?', [now - IDEMPOTENCY_WINDOW_MS]);
  }
}
