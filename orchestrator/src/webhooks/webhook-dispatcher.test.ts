import { describe, expect, it } from 'vitest';
import { EventBus } from '../service/event-bus';
import type { OrchestratorEvent } from '../service/pod-events';
import { startWebhookDelivery, type WebhookOptions } from './webhook-dispatcher';
import type { AttemptOutcome } from './webhook-retry';
import type { WebhookSend } from './webhook-sender';
import { verifyWebhookSignature } from './webhook-signature';

// The delivery loop with a recording sender in place of HTTP (the real POST to a real
// receiver is in test/webhooks.test.ts).

const secret = 'dispatcher-test-secret';
const scheduled = (name: string): OrchestratorEvent => ({ type: 'scheduled', podId: `vp-${name}`, name, namespace: 'default', task: null, time: '2026-01-01T00:00:00.000Z' });

interface Sent {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** A sender that answers from `answers` in turn (the last one repeats) and records every call. */
function recordingSender(answers: AttemptOutcome[]) {
  const sent: Sent[] = [];
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => {};
  const send: WebhookSend = async (url, body, headers) => {
    sent.push({ url, body, headers });
    await gate;
    return answers[Math.min(sent.length - 1, answers.length - 1)]!;
  };
  return {
    send,
    sent,
    names: () => sent.map((call) => (JSON.parse(call.body) as { event: { name: string } }).event.name),
    hold: () => {
      gate = new Promise((resolve) => (open = resolve));
    },
    release: () => open(),
  };
}

function start(overrides: Partial<WebhookOptions> & Pick<WebhookOptions, 'send'>) {
  const events = new EventBus<OrchestratorEvent>();
  const logged: string[] = [];
  const delivery = startWebhookDelivery({
    events,
    urls: ['http://receiver.test/hook'],
    secret,
    log: (message) => logged.push(message),
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    ...overrides,
  });
  return { events, delivery, logged };
}

const settled = async (delivery: { stats(): { pending: number } }, until: () => boolean) => {
  for (let i = 0; i < 1_000 && !until(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
};

describe('webhook delivery', () => {
  it('posts each pod and task event to every URL, signed so the receiver can verify it', async () => {
    const sender = recordingSender([{ status: 204 }]);
    const { events, delivery } = start({ send: sender.send, urls: ['http://a.test/hook', 'http://b.test/hook'] });
    events.publish(scheduled('one'));
    events.publish({ type: 'engine', state: 'available', time: '2026-01-01T00:00:00.000Z' });
    events.publish({ type: 'task', feature: '001-example', taskId: 'T001', done: true, line: 3, time: '2026-01-01T00:00:01.000Z' });
    await settled(delivery, () => delivery.stats().delivered === 4);

    expect(delivery.stats()).toMatchObject({ targets: 2, delivered: 4, failed: 0, dropped: 0, pending: 0 });
    expect(sender.sent.map((call) => `${call.url} ${call.headers['x-vaultplane-event']}`).sort()).toEqual([
      'http://a.test/hook pod.scheduled',
      'http://a.test/hook task.updated',
      'http://b.test/hook pod.scheduled',
      'http://b.test/hook task.updated',
    ]);
    for (const call of sender.sent) {
      const verdict = verifyWebhookSignature({
        secret,
        body: call.body,
        timestamp: call.headers['x-vaultplane-timestamp'],
        signature: call.headers['x-vaultplane-signature'],
        now: Math.floor(Date.now() / 1000),
      });
      expect(verdict).toEqual({ ok: true });
      expect(call.headers['x-vaultplane-delivery']).toBe(JSON.parse(call.body).id);
    }
    await delivery.close();
  });

  it('retries a 503 with the same delivery id until the receiver takes it', async () => {
    const sender = recordingSender([{ status: 503 }, { error: 'ECONNRESET' }, { status: 200 }]);
    const { events, delivery } = start({ send: sender.send });
    events.publish(scheduled('flaky'));
    await settled(delivery, () => delivery.stats().delivered === 1);

    expect(sender.sent).toHaveLength(3);
    expect(new Set(sender.sent.map((call) => call.headers['x-vaultplane-delivery'])).size).toBe(1);
    expect(delivery.stats()).toMatchObject({ delivered: 1, failed: 0 });
    await delivery.close();
  });

  it('gives up at once on a 400, and after the last attempt on repeated 500s, saying so in the log', async () => {
    const rejecting = recordingSender([{ status: 400 }]);
    const first = start({ send: rejecting.send });
    first.events.publish(scheduled('bad'));
    await settled(first.delivery, () => first.delivery.stats().failed === 1);
    expect(rejecting.sent).toHaveLength(1);
    expect(first.logged.join('\n')).toMatch(/pod\.scheduled .* failed after 1 attempt\(s\): HTTP 400/);

    const broken = recordingSender([{ status: 500 }]);
    const second = start({ send: broken.send });
    second.events.publish(scheduled('down'));
    await settled(second.delivery, () => second.delivery.stats().failed === 1);
    expect(broken.sent).toHaveLength(3);
    expect(second.logged.join('\n')).toMatch(/failed after 3 attempt\(s\): HTTP 500/);
    await Promise.all([first.delivery.close(), second.delivery.close()]);
  });

  it('never blocks the bus: with the receiver stuck, publishing returns and the full queue drops its oldest events, counted', async () => {
    const sender = recordingSender([{ status: 200 }]);
    sender.hold();
    const { events, delivery, logged } = start({ send: sender.send, queueCapacity: 2 });
    for (const name of ['e1', 'e2', 'e3', 'e4', 'e5']) events.publish(scheduled(name));

    // e1 is in flight; e2 and e3 were pushed out by e4 and e5.
    expect(delivery.stats()).toMatchObject({ dropped: 2, pending: 2, delivered: 0 });
    expect(logged.filter((line) => /queue .* is full/.test(line))).toHaveLength(2);
    expect(logged.at(-1)).toMatch(/2 dropped so far/);

    sender.release();
    await settled(delivery, () => delivery.stats().delivered === 3);
    expect(sender.names()).toEqual(['e1', 'e4', 'e5']);
    await delivery.close();
  });

  it('close() abandons what a stuck receiver has not taken after the grace period, and says how much', async () => {
    const stuck: WebhookSend = (_url, _body, _headers, _timeout, cancel) =>
      new Promise((resolve) => cancel.addEventListener('abort', () => resolve({ error: 'cancelled by shutdown' })));
    const { events, delivery, logged } = start({ send: stuck });
    for (const name of ['a', 'b', 'c']) events.publish(scheduled(name));

    await delivery.close(0);
    expect(delivery.stats()).toMatchObject({ delivered: 0, failed: 1, pending: 2 });
    expect(logged.join('\n')).toMatch(/2 event\(s\) for http:\/\/receiver\.test not sent before shutdown/);
    // Paths are left out of the log: hook URLs often carry their secret there.
    expect(logged.join('\n')).not.toContain('/hook');
  });

  it('close() stops taking events and cuts a long retry wait short', async () => {
    const sender = recordingSender([{ status: 503 }]);
    const { events, delivery } = start({ send: sender.send, retry: { maxAttempts: 5, baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 } });
    events.publish(scheduled('waiting'));
    await settled(delivery, () => sender.sent.length === 1);

    await delivery.close(0);
    events.publish(scheduled('after-close'));
    expect(sender.names()).toEqual(['waiting']);
    expect(delivery.stats()).toMatchObject({ failed: 1, delivered: 0 });
  });
});
