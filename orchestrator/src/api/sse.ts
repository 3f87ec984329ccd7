import type { ServerResponse } from 'node:http';

// Server-sent events with back-pressure: a slow client pauses the producer instead of the
// server buffering a flooding container's output in memory.

export class SseStream {
  private closed = false;

  constructor(private readonly res: ServerResponse) {
    res.on('close', () => {
      this.closed = true;
    });
  }

  open(): void {
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise hold events back.
      'x-accel-buffering': 'no',
    });
    this.res.flushHeaders();
  }

  get isClosed(): boolean {
    return this.closed || this.res.destroyed;
  }

  /** Resolves once the client has taken the bytes (or went away). */
  async send(event: string, data: unknown): Promise<void> {
    if (this.isClosed) return;
    const ok = this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    if (!ok) await this.drained();
  }

  comment(text: string): void {
    if (!this.isClosed) this.res.write(`: ${text}\n\n`);
  }

  end(): void {
    if (!this.res.writableEnded) this.res.end();
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }
}
