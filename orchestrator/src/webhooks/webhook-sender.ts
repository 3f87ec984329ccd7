import type { AttemptOutcome } from './webhook-retry';

// The one place a webhook leaves the process: a POST with Node's fetch, bounded by a timeout.
// Redirects are not followed: a signed body should reach the URL the operator configured.

/** `cancel` ends the attempt early (server shutdown); the timeout bounds it otherwise. */
export type WebhookSend = (url: string, body: string, headers: Record<string, string>, timeoutMs: number, cancel: AbortSignal) => Promise<AttemptOutcome>;

export const postWebhook: WebhookSend = async (url, body, headers, timeoutMs, cancel) => {
  try {
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), cancel]);
    const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal });
    // Read (and drop) the body so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const name = (error as Error).name;
    if (name === 'TimeoutError') return { error: `no answer within ${timeoutMs} ms` };
    if (cancel.aborted) return { error: 'cancelled by shutdown' };
    return { error: cause ?? (error as Error).message };
  }
};
