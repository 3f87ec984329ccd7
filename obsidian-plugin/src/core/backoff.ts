// When to reconnect a dropped event stream: exponential, capped, with jitter so many clients
// do not all hit a restarted server in the same second. Pure; the caller supplies randomness.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A connection that stayed up this long resets the delay to the initial one. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, stableMs: 10_000 };

/**
 * Delay before reconnect attempt `attempt` (0 for the first): the capped exponential, with the
 * upper half jittered ("equal jitter"), so it never drops below half the nominal delay.
 */
export function reconnectDelayMs(attempt: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const nominal = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const unit = Math.min(1, Math.max(0, random));
  return Math.round(nominal / 2 + (nominal / 2) * unit);
}

/** The attempt counter after a connection ends, given how long it was up. */
export function nextAttempt(attempt: number, connectedForMs: number | undefined, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (connectedForMs !== undefined && connectedForMs >= policy.stableMs) return 0;
  return attempt + 1;
}
