import { createServer, connect, type Server, type Socket } from 'node:net';

// A TCP proxy in front of a real peer that can lose one answer: it passes everything through,
// except that once armed, the first response to a request starting with `requestStart` is cut
// off (both sockets destroyed) as soon as the peer begins to send it. The peer has done the work
// by then; only the answer is lost, as when a network drops mid-response.

export class LossyProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private armed: string | undefined;
  /** How many answers it cut off. */
  cut = 0;
  port = 0;

  constructor(private readonly targetPort: number) {}

  async start(port = 0): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      let waitingForAnswer = false;
      client.on('data', (chunk: Buffer) => {
        if (this.armed !== undefined && chunk.toString('latin1').startsWith(this.armed)) waitingForAnswer = true;
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (waitingForAnswer && this.armed !== undefined) {
          this.armed = undefined;
          this.cut++;
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(chunk);
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    await new Promise<void>((ready) => this.server!.listen(port, '127.0.0.1', ready));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Cut off the answer to the next request whose first bytes are `requestStart`, e.g. 'POST /peer/schedule'. */
  loseNextAnswerTo(requestStart: string): void {
    this.armed = requestStart;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((closed) => (this.server ? this.server.close(() => closed()) : closed()));
  }
}
