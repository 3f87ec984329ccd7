import type { OrchestratorEvent } from './api-types';
import { DEFAULT_BACKOFF, nextAttempt, reconnectDelayMs, type BackoffPolicy } from '../core/backoff';
import type { SseFrame } from '../core/sse-parser';
import { describeError } from './api-error';
import { forEachSseFrame } from './sse-body';
import type { StreamResponse } from './transport';
import type { Timers } from './timers';
import type { FeedMessage, FeedState } from './vaultplane-api';

// One GET /events stream shared by every view and block, opened while someone listens. It
// reconnects with backoff and then asks listeners to read again (events sent while it was
// down are lost). In poll mode it asks them to read again every few seconds instead.

export interface ChangeFeedOptions {
  open: (signal: AbortSignal) => Promise<StreamResponse>;
  /** Read at each (re)start, so a settings change applies at once. */
  mode: () => { refreshMode: 'live' | 'poll'; pollSeconds: number };
  timers: Timers;
  backoff?: BackoffPolicy;
  /** Says why a refused stream failed (e.g. a wrong token) from its status and body. */
  describeRefusal: (response: StreamResponse) => Promise<string>;
}

export class ChangeFeed {
  private readonly listeners = new Set<(message: FeedMessage) => void>();
  private state: FeedState = { status: 'connecting' };
  private run: { stop: () => void } | undefined;

  constructor(private readonly options: ChangeFeedOptions) {}

  subscribe(listener: (message: FeedMessage) => void): () => void {
    this.listeners.add(listener);
    listener({ kind: 'state', state: this.state });
    if (this.run === undefined) this.run = this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Closes the stream; a later subscribe opens a new one (after a settings change, say). */
  restart(): void {
    if (this.run === undefined) return;
    this.stop();
    this.run = this.start();
  }

  stop(): void {
    this.run?.stop();
    this.run = undefined;
    this.state = { status: 'connecting' };
  }

  private start(): { stop: () => void } {
    const { refreshMode, pollSeconds } = this.options.mode();
    return refreshMode === 'poll' ? this.poll(pollSeconds) : this.live();
  }

  private poll(everySeconds: number): { stop: () => void } {
    const { timers } = this.options;
    this.setState({ status: 'polling', everySeconds });
    const handle = timers.setInterval(() => this.emit({ kind: 'resync' }), everySeconds * 1000);
    return { stop: () => timers.clearInterval(handle) };
  }

  private live(): { stop: () => void } {
    const { timers } = this.options;
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    let stopped = false;
    let attempt = 0;
    let controller: AbortController | undefined;
    let retry: unknown;

    const connect = async (): Promise<void> => {
      controller = new AbortController();
      let connectedAt: number | undefined;
      let problem = 'the event stream ended';
      try {
        const response = await this.options.open(controller.signal);
        if (response.status !== 200 || response.body === null) {
          problem = await this.options.describeRefusal(response);
        } else {
          await this.read(response.body, () => {
            connectedAt = timers.now();
            this.setState({ status: 'live' });
            this.emit({ kind: 'resync' });
          });
        }
      } catch (error) {
        problem = describeError(error);
      }
      if (stopped) return;
      attempt = nextAttempt(attempt, connectedAt === undefined ? undefined : timers.now() - connectedAt, backoff);
      const inMs = reconnectDelayMs(attempt - 1, timers.random(), backoff);
      this.setState({ status: 'reconnecting', inMs, error: problem });
      retry = timers.setTimeout(() => void connect(), inMs);
    };

    this.setState({ status: 'connecting' });
    void connect();
    return {
      stop: () => {
        stopped = true;
        if (retry !== undefined) timers.clearTimeout(retry);
        controller?.abort();
      },
    };
  }

  /** Passes events on until the stream ends; `onReady` when the server says it is listening. */
  private read(body: ReadableStream<Uint8Array>, onReady: () => void): Promise<void> {
    return forEachSseFrame(body, (frame) => {
      if (frame.event === 'ready') onReady();
      else this.passOn(frame);
    });
  }

  private passOn(frame: SseFrame): void {
    try {
      const event = JSON.parse(frame.data) as OrchestratorEvent;
      if (typeof event === 'object' && event !== null && typeof event.type === 'string') this.emit({ kind: 'event', event });
    } catch {
      // A frame that is not JSON is not one of ours; the next resync covers anything missed.
    }
  }

  private setState(state: FeedState): void {
    if (JSON.stringify(state) === JSON.stringify(this.state)) return;
    this.state = state;
    this.emit({ kind: 'state', state });
  }

  private emit(message: FeedMessage): void {
    for (const listener of [...this.listeners]) listener(message);
  }
}
