import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerEvent, ContainerRuntime } from '../runtime/container-runtime';
import { LABEL } from '../workload/pod-labels';

// Follows the engine's event stream for our containers. When the engine goes away it reports
// that once, retries with a growing delay, reports when the engine is back and resumes from the
// last event it saw (the engine replays what happened in between, if it kept running). The
// first stream starts from when watching started: the engine subscribes a stream only after it
// sent the response headers, and an event in between would otherwise be lost.

export interface EngineWatcherOptions {
  onEvent: (event: ContainerEvent) => void;
  onState: (state: 'available' | 'unavailable', reason?: string) => void;
  minRetryMs?: number;
  maxRetryMs?: number;
}

const RECENT_KEYS = 256;

export class EngineWatcher {
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;
  private state: 'available' | 'unavailable' | undefined;
  private readonly recent: string[] = [];

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly options: EngineWatcherOptions,
  ) {}

  start(): void {
    if (this.running !== undefined) return;
    this.controller = new AbortController();
    this.running = this.loop(this.controller.signal);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.running;
    this.running = undefined;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const minDelay = this.options.minRetryMs ?? 500;
    const maxDelay = this.options.maxRetryMs ?? 10_000;
    let delay = minDelay;
    let since = new Date();
    while (!signal.aborted) {
      const status = await this.runtime.ping();
      if (signal.aborted) return;
      if (!status.reachable) {
        this.setState('unavailable', status.reason);
      } else {
        this.setState('available');
        delay = minDelay;
        try {
          for await (const event of this.runtime.events({ labels: { [LABEL.workload]: true }, since, signal })) {
            since = new Date(event.time);
            if (this.isRepeat(event)) continue;
            this.options.onEvent(event);
          }
          if (signal.aborted) return;
        } catch (error) {
          if (signal.aborted) return;
          this.setState('unavailable', error instanceof Error ? error.message : String(error));
        }
      }
      // Cut short by stop(): shutdown must not wait out a backoff.
      await sleep(delay, undefined, { signal }).catch(() => undefined);
      delay = Math.min(maxDelay, delay * 2);
    }
  }

  private setState(state: 'available' | 'unavailable', reason?: string): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onState(state, reason);
  }

  /** A resumed stream replays from `since`, so the last events seen come again. */
  private isRepeat(event: ContainerEvent): boolean {
    const key = `${event.id}:${event.action}:${event.time}`;
    if (this.recent.includes(key)) return true;
    this.recent.push(key);
    if (this.recent.length > RECENT_KEYS) this.recent.shift();
    return false;
  }
}
