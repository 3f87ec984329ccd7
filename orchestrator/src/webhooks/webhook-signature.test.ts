import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

const secret = 'a-shared-secret-of-some-length';
const body = '{"id":"1","type":"pod.start"}';

describe('webhook signature', () => {
  it('is HMAC-SHA256 over "<timestamp>.<body>", as the README tells receivers to compute it', () => {
    const recipe = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhookBody(secret, 1_700_000_000, body)).toBe(`v1=${recipe}`);
  });

  it('verifies a fresh, untouched delivery', () => {
    const signature = signWebhookBody(secret, 1_700_000_000, body);
    expect(verifyWebhookSignature({ secret, timestamp: '1700000000', signature, body, now: 1_700_000_100 })).toEqual({ ok: true });
  });

  it('refuses a changed body, a changed timestamp, another secret and a missing header', () => {
    const signature = signWebhookBody(secret, 1_700_000_000, body);
    const base = { secret, timestamp: '1700000000', signature, body, now: 1_700_000_000 };
    expect(verifyWebhookSignature({ ...base, body: body.replace('start', 'die') })).toMatchObject({ ok: false, reason: 'signature does not match' });
    expect(verifyWebhookSignature({ ...base, timestamp: '1700000001' })).toMatchObject({ ok: false, reason: 'signature does not match' });
    expect(verifyWebhookSignature({ ...base, secret: 'another-secret-entirely' })).toMatchObject({ ok: false });
    expect(verifyWebhookSignature({ ...base, signature: undefined })).toMatchObject({ ok: false, reason: 'missing signature header' });
    expect(verifyWebhookSignature({ ...base, timestamp: 'yesterday' })).toMatchObject({ ok: false, reason: 'missing or malformed timestamp header' });
  });

  it('refuses a replay outside the tolerance window even with a valid signature', () => {
    const signature = signWebhookBody(secret, 1_700_000_000, body);
    const verdict = verifyWebhookSignature({ secret, timestamp: '1700000000', signature, body, now: 1_700_000_000 + 301 });
    expect(verdict).toEqual({ ok: false, reason: 'timestamp is more than 300 s from now' });
  });
});
