import type { EventBus } from '../service/event-bus';
import type { OrchestratorEvent } from '../service/pod-events';
import type { OrchestratorRouteContext } from './route-types';
import { SseStream } from './sse';

// The bus as server-sent events, for GET /events and GET /peer/events: `ready` first, then every
// event the caller may see, named by its type. Events are queued per stream so a slow client gets
// them in order, with back-pressure; the bus itself never waits for a client.

export interface EventStreamOptions {
  /** Whether this caller may see the event; asked per event, so an ACL change applies at once. */
  visible: (event: OrchestratorEvent) => boolean;
  heartbeatMs: number;
  /**
   * 'comment' (invisible to EventSource) or a `heartbeat` event, which a relaying peer counts as a
   * sign of life: its SSE reader skips comments.
   */
  heartbeat: 'comment' | 'event';
  /** Events waiting for a client before the stream is ended (it reconnects); default: no limit. */
  maxQueued?: number;
}

export async function streamBusEvents(ctx: OrchestratorRouteContext, bus: EventBus<OrchestratorEvent>, options: EventStreamOptions): Promise<void> {
  const sse = new SseStream(ctx.res);
  sse.open();
  let sending: Promise<void> = sse.send('ready', { time: new Date().toISOString() });
  let queued = 0;
  const enqueue = (event: string, data: unknown) => {
    if (options.maxQueued !== undefined && queued >= options.maxQueued) {
      // Ending beats buffering without bound: the consumer reconnects and re-lists.
      sse.end();
      return;
    }
    queued++;
    sending = sending.then(() => sse.send(event, data)).finally(() => queued--);
  };
  const unsubscribe = bus.subscribe((event) => {
    if (options.visible(event)) enqueue(event.type, event);
  });
  const heartbeat = setInterval(() => {
    if (options.heartbeat === 'comment') sse.comment('keep-alive');
    else enqueue('heartbeat', { time: new Date().toISOString() });
  }, options.heartbeatMs);
  try {
    await new Promise<void>((resolve) => ctx.res.on('close', resolve));
  } finally {
    clearInterval(heartbeat);
    unsubscribe();
  }
}
