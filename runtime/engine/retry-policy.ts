import type { RetryPolicy } from '../definition/index.js';
import type { FailureRecord } from '../store/index.js';

/** The longest wait between attempts, whatever the remote side asks for. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Milliseconds to wait before the next attempt after `attempt` failed with `failure`, or undefined
 * when the policy allows no further attempt: exponential backoff from `initialDelayMs` (1 s) by
 * `backoffFactor` (2) up to `maxDelayMs` (5 min), with jitter between half and all of the delay
 * (on by default), and never shorter than a `Retry-After` the remote side sent (up to a day).
 */
export function retryDelay(
  policy: RetryPolicy | undefined,
  attempt: number,
  failure: FailureRecord,
  random: () => number = Math.random,
): number | undefined {
  if (!policy || attempt >= policy.maxAttempts || !isRetryable(policy, failure)) return undefined;
  const initial = policy.initialDelayMs ?? 1000;
  const factor = policy.backoffFactor ?? 2;
  const ceiling = policy.maxDelayMs ?? 5 * 60 * 1000;
  const exponential = Math.min(ceiling, initial * factor ** (attempt - 1));
  const delay = policy.jitter === false ? exponential : exponential / 2 + (random() * exponential) / 2;
  const asked = Math.min(failure.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
  return Math.round(Math.max(delay, asked));
}

/** Whether the policy considers this failure worth another attempt. */
function isRetryable(policy: RetryPolicy, failure: FailureRecord): boolean {
  if (policy.retryOn) return policy.retryOn.includes(failure.code);
  return failure.retryable === true;
}
