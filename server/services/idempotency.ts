import type Database from 'better-sqlite3';
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

/**
 * Idempotency keys per tenant and endpoint (Stripe's model, and the IETF Idempotency-Key draft's):
 * the first request under a key acts and its answer is recorded in the same transaction as its
 * change; a retry within {@link IDEMPOTENCY_WINDOW_MS} gets that answer instead of acting again.
 * A retry asking for something else answers 422; one arriving while the first is still being
 * acted on answers 409. Keys in flight are held in memory (one server process owns the database)
 * until their record commits.
 */
export class IdempotencyKeys {
  /** Claimed keys whose record has not committed yet (the database does not show them). */
  private readonly inFlight = new Set<string>();
  private readonly select: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly prune: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.select = db.prepare('SELECT fingerprint, run_id, status, body, created_at FROM idempotency_keys WHERE tenant_id = ? AND scope = ? AND key = ?');
    this.upsert = db.prepare(`INSERT OR REPLACE INTO idempotency_keys (tenant_id, scope, key, fingerprint, run_id, status, body, created_at)
      VALUES (@tenantId, @scope, @key, @fingerprint, @runId, @status, @body, @createdAt)`);
    this.prune = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?');
  }

  /**
   * Looks the key up: the first answer to replay, or a claim to act under. Throws 422 when the key
   * was used for another request, 409 while the first request with it is still being acted on.
   */
  begin(request: IdempotentRequest): { readonly replay: IdempotentAnswer } | { readonly claim: IdempotencyClaim } {
    const id = keyId(request);
    if (this.inFlight.has(id)) {
      throw new DomainError('conflict', 'IDEMPOTENCY_KEY_IN_USE', 'a request with this idempotency key is still being processed; retry in a moment to get its answer');
    }
    const row = this.select.get(request.tenantId, request.scope, request.key) as KeyRow | undefined;
    if (row && row.created_at >= this.now() - IDEMPOTENCY_WINDOW_MS) {
      if (row.fingerprint !== request.fingerprint) {
        throw new DomainError('invalid', 'IDEMPOTENCY_KEY_REUSED', 'this idempotency key was already used for a different request; use a new key for a new request');
      }
      return { replay: { status: row.status, runId: row.run_id, body: row.body === null ? null : (JSON.parse(row.body) as unknown) } };
    }
    this.inFlight.add(id);
    return { claim: { request } };
  }

  /**
   * Records the claim's answer. Call it inside the transaction that makes the change (the engine's
   * `together` write), so the key is never stored without its run nor the run without its key.
   */
  record(claim: IdempotencyClaim, answer: IdempotentAnswer): void {
    this.upsert.run({
      ...claim.request,
      runId: answer.runId,
      status: answer.status,
      body: answer.body === null ? null : JSON.stringify(answer.body),
      createdAt: this.now(),
    });
    this.inFlight.delete(keyId(claim.request));
  }

  /** Gives a claim up when the request failed before its change was made (the key may be used again). */
  release(claim: IdempotencyClaim): void {
    this.inFlight.delete(keyId(claim.request));
  }

  /** Forgets keys older than the window as of `now`; answers how many went. */
  pruneExpired(now = this.now()): number {
    return this.prune.run(now - IDEMPOTENCY_WINDOW_MS).changes;
  }
}

function keyId(request: IdempotentRequest): string {
  return `${request.tenantId}\u0000${request.scope}\u0000${request.key}`;
}
