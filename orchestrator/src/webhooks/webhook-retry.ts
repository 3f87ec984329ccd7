// When a failed delivery is tried again. Pure: the caller supplies randomness.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 };

/** What one attempt came to: an HTTP status, or no response at all (refused, reset, timed out). */
export type AttemptOutcome = { status: number } | { error: string };

export function isDelivered(outcome: AttemptOutcome): boolean {
  return 'status' in outcome && outcome.status >= 200 && outcome.status < 300;
}

/**
 * Worth another try: no response, a timeout or rate limit (408, 429) and server errors (5xx).
 * Any other answer (400, 401, 404, a redirect) will not change by itself, so retrying only
 * delays the rest of the queue.
 */
export function isRetryable(outcome: AttemptOutcome): boolean {
  if (!('status' in outcome)) return true;
  return outcome.status === 408 || outcome.status === 429 || outcome.status >= 500;
}

/**
 * The wait before attempt `attempt + 1` after attempt `attempt` (1-based) failed, or undefined
 * when no attempt is left. Exponential, capped, with jitter in [50%, 100%] of the step so many
 * servers that failed together do not retry together.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: number): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step * (0.5 + Math.min(Math.max(random, 0), 1) / 2));
}
