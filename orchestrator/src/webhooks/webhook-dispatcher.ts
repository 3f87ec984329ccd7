import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventBus } from '../service/event-bus';
import type { OrchestratorEvent } from '../service/pod-events';
import { BoundedQueue } from './bounded-queue';
import { webhookPayload } from './webhook-payload';
import { DEFAULT_RETRY_POLICY, isDelivered, isRetryable, retryDelayMs, type AttemptOutcome, type RetryPolicy } from './webhook-retry';
import { postWebhook, type WebhookSend } from './webhook-sender';
import { WEBHOOK_HEADERS, signWebhookBody } from './webhook-signature';

// Outgoing webhooks: every pod and task event on the bus is POSTed, signed, to each configured
// URL. The bus listener only enqueues, so a slow or dead receiver never holds up the bus or
// the other receivers: each URL has its own bounded queue and one delivery loop.

export interface WebhookOptions {
  events: EventBus<OrchestratorEvent>;
  urls: readonly string[];
  secret: string;
  log: (message: string) => void;
  /** Pending events per URL before the oldest is dropped; default 1000. */
  queueCapacity?: number;
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Sent as User-Agent. */
  userAgent?: string;
  send?: WebhookSend;
  /** Unix seconds for the signature; default the clock. */
  nowSeconds?: () => number;
  random?: () => number;
}

export interface WebhookStats {
  targets: number;
  delivered: number;
  /** Given up after the last attempt or a final answer such as 400. */
  failed: number;
  /** Pushed out of a full queue before they were sent. */
  dropped: number;
  pending: number;
}

export interface WebhookDelivery {
  stats(): WebhookStats;
  /** Stops taking events, lets what is queued go out for up to `graceMs` (default 3 s), then abandons the rest. */
  close(graceMs?: number): Promise<void>;
}

interface Message {
  id: string;
  type: string;
  body: string;
}

const DEFAULT_QUEUE_CAPACITY = 1_000;
const DEFAULT_TIMEOUT_MS = 10_000;
// Short enough that the server still exits before `docker stop`'s 10 s SIGKILL.
const DEFAULT_GRACE_MS = 3_000;

export function startWebhookDelivery(options: WebhookOptions): WebhookDelivery {
  const send = options.send ?? postWebhook;
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const random = options.random ?? Math.random;
  const counts = { delivered: 0, failed: 0, dropped: 0 };
  let closed = false;
  // Wakes every sleeping retry wait at once when the server shuts down.
  const shutdown = new AbortController();

  const attempt = (url: string, message: Message): Promise<AttemptOutcome> => {
    const timestamp = nowSeconds();
    return send(
      url,
      message.body,
      {
        'content-type': 'application/json',
        'user-agent': options.userAgent ?? 'vaultplane-webhooks',
        [WEBHOOK_HEADERS.delivery]: message.id,
        [WEBHOOK_HEADERS.event]: message.type,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhookBody(options.secret, timestamp, message.body),
      },
      timeoutMs,
      shutdown.signal,
    );
  };

  const deliver = async (url: string, message: Message): Promise<void> => {
    const target = safeTarget(url);
    for (let attemptNumber = 1; ; attemptNumber++) {
      const outcome = await attempt(url, message);
      if (isDelivered(outcome)) {
        counts.delivered++;
        return;
      }
      const delay = isRetryable(outcome) ? retryDelayMs(attemptNumber, retry, random()) : undefined;
      // Cut short by shutdown, which must not wait out a backoff.
      if (delay !== undefined) await sleep(delay, undefined, { signal: shutdown.signal }).catch(() => undefined);
      if (delay === undefined || shutdown.signal.aborted) {
        const what = 'status' in outcome ? `HTTP ${outcome.status}` : outcome.error;
        counts.failed++;
        options.log(`webhook ${message.type} ${message.id} to ${target} failed after ${attemptNumber} attempt(s): ${what}`);
        return;
      }
    }
  };

  const targets = options.urls.map((url) => {
    const queue = new BoundedQueue<Message>(options.queueCapacity ?? DEFAULT_QUEUE_CAPACITY);
    let running: Promise<void> | undefined;
    const drain = async () => {
      while (!shutdown.signal.aborted) {
        const next = queue.shift();
        if (next === undefined) break;
        await deliver(url, next);
      }
      if (queue.length > 0) options.log(`webhooks: ${queue.length} event(s) for ${safeTarget(url)} not sent before shutdown`);
      running = undefined;
    };
    return {
      queue,
      enqueue(message: Message) {
        if (queue.push(message) !== undefined) {
          counts.dropped++;
          options.log(`webhook queue for ${safeTarget(url)} is full (${queue.capacity}); dropped the oldest event (${counts.dropped} dropped so far)`);
        }
        running ??= drain();
      },
      idle: () => running ?? Promise.resolve(),
    };
  });

  const unsubscribe = options.events.subscribe((event) => {
    if (closed) return;
    const payload = webhookPayload(event, randomUUID());
    if (payload === undefined) return;
    const message = { id: payload.id, type: payload.type, body: JSON.stringify(payload) };
    for (const target of targets) target.enqueue(message);
  });

  return {
    stats: () => ({ targets: targets.length, ...counts, pending: targets.reduce((sum, target) => sum + target.queue.length, 0) }),
    close: async (graceMs = DEFAULT_GRACE_MS) => {
      closed = true;
      unsubscribe();
      const idle = Promise.all(targets.map((target) => target.idle()));
      const timer = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([idle, timer]);
      // Cut retry waits and sends in flight short; each loop then ends at once.
      shutdown.abort();
      await idle;
    },
  };
}

/** Where a URL points, without the path or credentials (hook URLs often carry a secret there). */
function safeTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}
