import { createHmac, timingSafeEqual } from 'node:crypto';

// How a receiver knows a webhook came from this server and is fresh: HMAC-SHA256 with the
// shared secret over `<timestamp>.<raw body>`, the timestamp (Unix seconds) in its own header.
// Signing the timestamp with the body means an old delivery cannot be replayed with a new date.

export const WEBHOOK_HEADERS = {
  signature: 'x-vaultplane-signature',
  timestamp: 'x-vaultplane-timestamp',
  delivery: 'x-vaultplane-delivery',
  event: 'x-vaultplane-event',
} as const;

const SCHEME = 'v1=';
/** How far a receiver should let the timestamp be from its own clock. */
const DEFAULT_TOLERANCE_SECONDS = 300;

export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return SCHEME + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export interface WebhookVerification {
  secret: string;
  /** The x-vaultplane-timestamp header as received. */
  timestamp: string | undefined;
  /** The x-vaultplane-signature header as received. */
  signature: string | undefined;
  /** The raw request body, before any JSON parsing. */
  body: string;
  /** Receiver's clock, Unix seconds. */
  now: number;
  toleranceSeconds?: number;
}

export type WebhookVerdict = { ok: true } | { ok: false; reason: string };

export function verifyWebhookSignature(input: WebhookVerification): WebhookVerdict {
  if (input.timestamp === undefined || !/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'missing or malformed timestamp header' };
  const timestamp = Number(input.timestamp);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(input.now - timestamp) > tolerance) return { ok: false, reason: `timestamp is more than ${tolerance} s from now` };
  if (input.signature === undefined) return { ok: false, reason: 'missing signature header' };
  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, input.body));
  const presented = Buffer.from(input.signature);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}
