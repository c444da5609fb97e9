import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../../runtime/engine/index.js';

const transient = { code: 'HTTP_STATUS', message: 'HTTP 503', retryable: true };

describe('retryDelay', () => {
  it('backs off exponentially from the initial delay up to the ceiling, without jitter when asked', () => {
    const policy = { maxAttempts: 10, initialDelayMs: 100, backoffFactor: 3, maxDelayMs: 2_000, jitter: false };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelay(policy, attempt, transient))).toEqual([100, 300, 900, 2_000, 2_000]);
  });

  it('uses 1 s, doubling, capped at 5 minutes by default, with jitter between half and all of the delay', () => {
    const policy = { maxAttempts: 20 };
    expect(retryDelay(policy, 1, transient, () => 0)).toBe(500);
    expect(retryDelay(policy, 1, transient, () => 1)).toBe(1_000);
    expect(retryDelay(policy, 3, transient, () => 1)).toBe(4_000);
    expect(retryDelay(policy, 15, transient, () => 1)).toBe(300_000);
  });

  it('stops when the attempts are used up, or when the failure is not retryable', () => {
    expect(retryDelay({ maxAttempts: 3, jitter: false }, 3, transient)).toBeUndefined();
    expect(retryDelay({ maxAttempts: 3, jitter: false }, 1, { code: 'HTTP_STATUS', message: 'HTTP 400', retryable: false })).toBeUndefined();
    expect(retryDelay(undefined, 1, transient)).toBeUndefined();
  });

  it('retries exactly the codes listed in retryOn when given', () => {
    const policy = { maxAttempts: 3, jitter: false, retryOn: ['ERP_LOCKED'] };
    expect(retryDelay(policy, 1, { code: 'ERP_LOCKED', message: 'locked' })).toBe(1_000);
    expect(retryDelay(policy, 1, transient)).toBeUndefined();
  });

  it('honours a longer Retry-After from the remote side, up to a day', () => {
    const policy = { maxAttempts: 3, jitter: false, maxDelayMs: 5_000 };
    expect(retryDelay(policy, 1, { ...transient, retryAfterMs: 120_000 })).toBe(120_000);
    expect(retryDelay(policy, 1, { ...transient, retryAfterMs: 10 })).toBe(1_000);
    expect(retryDelay(policy, 1, { ...transient, retryAfterMs: 10 * 86_400_000 })).toBe(86_400_000);
  });
});
