import { setTimeout as sleep } from 'node:timers/promises';
import { readSse } from '../api/sse-parser';
import type { OrchestratorEvent } from '../service/pod-events';
import type { PeerClient } from './peer-client';
import { PEER_PATHS } from './peer-cluster';
import { DEFAULT_PEER_EVENT_HEARTBEAT_MS, relayKey, relayPlan, relayReconnectDelay, tagPeerEvent, type RelayTarget } from './peer-event-relay-rules';

// Follows every available peer's GET /peer/events and publishes what arrives on this node's bus,
// tagged with the peer's node (the rules are in peer-event-relay-rules.ts). One loop per peer:
// it reconnects with backoff while the peer stays a candidate and ends when it leaves or on
// stop(). Publishing is synchronous fan-out, so a slow peer never holds up the local bus.

export interface PeerEventRelayOptions {
  /** The peers to follow right now (the directory's candidates). */
  candidates: () => RelayTarget[];
  client: PeerClient;
  publish: (event: OrchestratorEvent) => void;
  /** Told when a stream broke, so the directory can check the peer at once. */
  onStreamBroken?: (peer: string) => void;
  log: (message: string) => void;
  /** How often the candidate set is compared with what is followed; default 2 s. */
  reconcileMs?: number;
  /** The peers' heartbeat; silence for 3 × this counts as a broken stream. */
  heartbeatMs?: number;
  random?: () => number;
}

interface Subscription {
  target: RelayTarget;
  aborter: AbortController;
  done: Promise<void>;
}

export class PeerEventRelay {
  private readonly subscriptions = new Map<string, Subscription>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: PeerEventRelayOptions) {}

  start(): void {
    this.reconcile();
    this.timer = setInterval(() => this.reconcile(), this.options.reconcileMs ?? 2_000);
    this.timer.unref();
  }

  /** Opens streams to new candidates and closes those of peers that left; call on any peer change. */
  reconcile(): void {
    if (this.stopped) return;
    const { open, close } = relayPlan(this.subscriptions.keys(), this.options.candidates());
    for (const key of close) {
      this.subscriptions.get(key)?.aborter.abort();
      this.subscriptions.delete(key);
    }
    for (const target of open) {
      const aborter = new AbortController();
      const subscription: Subscription = { target, aborter, done: this.follow(target, aborter.signal) };
      this.subscriptions.set(relayKey(target), subscription);
    }
  }

  /** The peers followed now, by peer name. */
  following(): string[] {
    return [...this.subscriptions.values()].map((subscription) => subscription.target.peer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const running = [...this.subscriptions.values()];
    this.subscriptions.clear();
    for (const subscription of running) subscription.aborter.abort();
    await Promise.all(running.map((subscription) => subscription.done));
  }

  private async follow(target: RelayTarget, signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      const connection = { ready: false };
      const reason = await this.readStream(target, signal, connection).then(
        () => 'the stream ended',
        (error: unknown) => (error as Error).message,
      );
      if (signal.aborted) return;
      // A stream that carried its `ready` was a good connection: the backoff starts over.
      if (connection.ready) failures = 0;
      failures++;
      const delay = relayReconnectDelay(failures, (this.options.random ?? Math.random)());
      this.options.log(`peer ${target.peer} events: ${reason}; reconnecting in ${Math.round(delay)} ms`);
      this.options.onStreamBroken?.(target.peer);
      // Ends early, quietly, on stop() or when the peer leaves; never keeps the process alive.
      await sleep(delay, undefined, { signal, ref: false }).catch(() => undefined);
    }
  }

  /** Reads one connection until it ends or breaks; `connection.ready` says whether it got as far as `ready`. */
  private async readStream(target: RelayTarget, signal: AbortSignal, connection: { ready: boolean }): Promise<void> {
    const aborter = new AbortController();
    const stop = () => aborter.abort();
    signal.addEventListener('abort', stop, { once: true });
    const silenceMs = 3 * (this.options.heartbeatMs ?? DEFAULT_PEER_EVENT_HEARTBEAT_MS);
    let silent = false;
    let watchdog: NodeJS.Timeout | undefined;
    const heardFrom = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        silent = true;
        aborter.abort();
      }, silenceMs);
      watchdog.unref();
    };
    try {
      heardFrom();
      const body = await this.options.client.stream({ name: target.peer, url: target.url }, PEER_PATHS.events, aborter.signal);
      for await (const event of readSse(body)) {
        heardFrom();
        if (event.event === 'ready') {
          connection.ready = true;
          this.options.log(`peer ${target.peer} events: following node ${target.node}`);
        }
        if (event.event === 'ready' || event.event === 'heartbeat') continue;
        const tagged = tagPeerEvent(event.data, target.node);
        if (tagged.ok) this.options.publish(tagged.event);
        else this.options.log(`peer ${target.peer} events: skipped ${tagged.reason}`);
      }
    } catch (error) {
      if (silent) throw new Error(`no event or heartbeat for ${silenceMs} ms`, { cause: error });
      throw error;
    } finally {
      clearTimeout(watchdog);
      signal.removeEventListener('abort', stop);
    }
  }
}
