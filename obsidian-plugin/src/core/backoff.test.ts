import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, nextAttempt, reconnectDelayMs } from './backoff';

describe('reconnect backoff', () => {
  it('doubles from the initial delay up to the cap', () => {
    const nominal = [0, 1, 2, 3, 4, 5, 6].map((attempt) => reconnectDelayMs(attempt, 1));
    expect(nominal).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('jitters between half and all of the nominal delay', () => {
    expect(reconnectDelayMs(2, 0)).toBe(2_000);
    expect(reconnectDelayMs(2, 0.5)).toBe(3_000);
    expect(reconnectDelayMs(1_000, 0)).toBe(15_000);
  });

  it('starts over after a connection that stayed up, and counts up after one that did not', () => {
    expect(nextAttempt(4, DEFAULT_BACKOFF.stableMs)).toBe(0);
    expect(nextAttempt(4, 500)).toBe(5);
    expect(nextAttempt(0, undefined)).toBe(1);
  });
});
