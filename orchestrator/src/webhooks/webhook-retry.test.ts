import { describe, expect, it } from 'vitest';
import { isDelivered, isRetryable, retryDelayMs } from './webhook-retry';

const policy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 3_000 };

describe('webhook retry schedule', () => {
  it('doubles the wait per attempt up to the cap, then stops after the last attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy, 1))).toEqual([1_000, 2_000, 3_000, undefined]);
  });

  it('jitters each wait between half and all of its step', () => {
    expect(retryDelayMs(2, policy, 0)).toBe(1_000);
    expect(retryDelayMs(2, policy, 0.5)).toBe(1_500);
    expect(retryDelayMs(2, policy, 7)).toBe(2_000);
  });

  it('retries silence, timeouts, rate limits and server errors, not answers that will not change', () => {
    expect(isRetryable({ error: 'ECONNREFUSED' })).toBe(true);
    expect([408, 429, 500, 502, 503].map((status) => isRetryable({ status }))).toEqual([true, true, true, true, true]);
    expect([301, 400, 401, 404, 410].map((status) => isRetryable({ status }))).toEqual([false, false, false, false, false]);
  });

  it('counts only 2xx as delivered', () => {
    expect([200, 202, 204].every((status) => isDelivered({ status }))).toBe(true);
    expect([302, 404, 500].some((status) => isDelivered({ status }))).toBe(false);
    expect(isDelivered({ error: 'reset' })).toBe(false);
  });
});
