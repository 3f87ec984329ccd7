import type { AttemptOutcome } from './webhook-retry';

// The one place a webhook leaves the process: a POST with Node's fetch, bounded by a timeout.
// Redirects are not followed: a signed body should reach the URL the operator configured.

export type WebhookSend = (url: string, body: string, headers: Record<string, string>, timeoutMs: number) => Promise<AttemptOutcome>;

export const postWebhook: WebhookSend = async (url, body, headers, timeoutMs) => {
  try {
    const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    // Read (and drop) the body so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const name = (error as Error).name;
    if (name === 'TimeoutError') return { error: `no answer within ${timeoutMs} ms` };
    return { error: cause ?? (error as Error).message };
  }
};
