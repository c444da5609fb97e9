import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../runtime/engine/index.js';
import type { IdempotencyKeys, IdempotentAnswer, IdempotentRequest } from '../services/idempotency.js';
import type { RouteCall } from './route.js';

/** Set on an answer repeated for a retry (the first request's answer, not a new action). */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** An idempotency key as senders may send it: 1–255 printable ASCII characters. */
export const idempotencyKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII characters');

/** The `Idempotency-Key` request header of routes that start runs or deliver signals. */
export const idempotencyHeaders = z.object({
  'idempotency-key': idempotencyKeySchema
    .optional()
    .meta({ description: 'A key unique to this request (a UUID); a retry with the same key within 24 hours gets the first answer, marked Idempotent-Replayed: true, instead of acting again' }),
});

/** What the idempotency refusals mean, for the OpenAPI document of routes that take the header. */
export const IDEMPOTENCY_ERRORS: Readonly<Record<number, string>> = {
  409: 'Conflicts with the current state, or a request with the same Idempotency-Key is still being processed (IDEMPOTENCY_KEY_IN_USE)',
  422: 'Not acceptable in the current state, or the Idempotency-Key was used for a different request (IDEMPOTENCY_KEY_REUSED)',
};

/** SHA-256 of the canonical JSON of what a request asks for. */
export function requestFingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value) ?? 'null').digest('hex');
}

/**
 * What a first request under a key gets to record its answer with: call it inside the transaction
 * of the change (the engine's `together` write).
 */
export type RememberAnswer = (answer: IdempotentAnswer) => Promise<void>;

/**
 * Acts once per idempotency key: without a key, `act` simply runs; with one, a retry (same key and
 * request, within 24 hours) gets the recorded first answer, and a first request runs `act`, which
 * records its answer through `remember` in the same commit as its change. A request that fails
 * before its change frees the key for another try.
 */
export async function actOnce<T>(
  keys: IdempotencyKeys,
  request: Omit<IdempotentRequest, 'key'> & { readonly key: string | undefined },
  act: (remember: RememberAnswer) => Promise<T>,
  replay: (answer: IdempotentAnswer) => Promise<T>,
): Promise<T> {
  const { key } = request;
  if (key === undefined) return act(() => Promise.resolve());
  const found = await keys.begin({ ...request, key });
  if ('replay' in found) return replay(found.replay);
  try {
    return await act((answer) => keys.record(found.claim, answer));
  } catch (error) {
    await keys.release(found.claim);
    throw error;
  }
}

/**
 * {@link actOnce} for an API route: the key from the `Idempotency-Key` header, scoped to the tenant,
 * `scope` and the caller (the same key from another user is another request), the request body as
 * what was asked. A replay answers the recorded body with `Idempotent-Replayed: true`.
 */
export function routeOnce<T>(
  call: RouteCall<unknown, unknown, unknown, z.infer<typeof idempotencyHeaders>>,
  scope: string,
  act: (remember: RememberAnswer) => Promise<T>,
): Promise<T> {
  return actOnce(
    call.app.idempotency,
    {
      tenantId: call.tenant.tenant.id,
      scope,
      key: call.headers['idempotency-key'],
      fingerprint: requestFingerprint({ user: call.auth?.user.id ?? call.service?.accountId ?? null, body: call.body ?? null }),
    },
    act,
    async (answer) => {
      // The record is read from the connection; what is answered must be on disk.
      await call.app.store.flush();
      call.res.setHeader(REPLAYED_HEADER, 'true');
      return answer.body as T;
    },
  );
}
