import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSigningKeyPair } from '../policy/ed25519-key';
import type { OrchestratorEvent } from '../service/pod-events';
import { PeerClient } from './peer-client';
import { PEER_PATHS } from './peer-cluster';
import { PeerEventRelay } from './peer-event-relay';
import type { RelayTarget } from './peer-event-relay-rules';
import { nodeIdOf } from './peer-identity-key';

// The relay against a real HTTP server on 127.0.0.1 that answers GET /peer/events the way a
// peer does (the signed route itself is exercised across real processes in test/peers-events).

/** The client's request timeout: it bounds the wait for the answer's headers, not the stream. */
const REQUEST_TIMEOUT_MS = 1_000;
const DIE = { type: 'pod', action: 'die', podId: 'job-1', name: 'job', namespace: 'default', task: null, exitCode: 1, owner: null, time: '2026-11-25T03:00:00.000Z' };

/** Each GET /peer/events connection, kept open until the test says what it does. */
class FakePeerServer {
  readonly connections: Array<{ req: IncomingMessage; res: ServerResponse; closed: boolean }> = [];
  private readonly server: Server = createServer((req, res) => {
    if (req.url !== PEER_PATHS.events) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    const connection = { req, res, closed: false };
    res.on('close', () => (connection.closed = true));
    this.connections.push(connection);
  });

  async listen(): Promise<string> {
    await new Promise<void>((ready) => this.server.listen(0, '127.0.0.1', ready));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  send(index: number, event: string, data: unknown): void {
    this.connections[index]!.res.write(`event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > 10_000) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('PeerEventRelay (a real HTTP server stands in for the peer)', () => {
  let server: FakePeerServer;
  let target: RelayTarget;
  let candidates: RelayTarget[];
  let relay: PeerEventRelay;
  const published: OrchestratorEvent[] = [];
  const logged: string[] = [];
  const broken: string[] = [];

  beforeEach(async () => {
    server = new FakePeerServer();
    target = { peer: 'bravo', url: await server.listen(), node: 'bravo-node' };
    candidates = [target];
    published.length = 0;
    logged.length = 0;
    broken.length = 0;
    const keys = generateSigningKeyPair();
    relay = new PeerEventRelay({
      candidates: () => candidates,
      client: new PeerClient({ nodeId: nodeIdOf(keys.publicKey), privateKey: keys.privateKeyPem }, { timeoutMs: REQUEST_TIMEOUT_MS }),
      publish: (event) => published.push(event),
      onStreamBroken: (peer) => broken.push(peer),
      log: (line) => logged.push(line),
      heartbeatMs: 100,
      // The shortest waits of the schedule, so reconnects come quickly.
      random: () => 0,
    });
    relay.start();
  });

  afterEach(async () => {
    await relay.stop();
    await server.close();
  });

  it('publishes the peer’s pod events tagged with its node, and skips what is not a pod event', async () => {
    await until(() => server.connections.length === 1, 'the relay connected');
    server.send(0, 'ready', { time: DIE.time });
    server.send(0, 'pod', 'not json');
    server.send(0, 'pod', DIE);
    await until(() => published.length === 1, 'the event was published');
    expect(published).toEqual([{ ...DIE, node: 'bravo-node' }]);
    expect(logged.some((line) => /peer bravo events: skipped an event that is not JSON/.test(line))).toBe(true);
  });

  it('reconnects after the peer drops the stream, and tells the directory', async () => {
    await until(() => server.connections.length === 1, 'the relay connected');
    server.connections[0]!.res.end();
    await until(() => server.connections.length === 2, 'the relay reconnected');
    expect(broken).toEqual(['bravo']);
    server.send(1, 'ready', { time: DIE.time });
    server.send(1, 'pod', DIE);
    await until(() => published.length === 1, 'the event on the new stream was published');
  });

  it('reconnects when the peer goes silent (no heartbeat)', async () => {
    await until(() => server.connections.length === 1, 'the relay connected');
    server.send(0, 'ready', { time: DIE.time });
    await until(() => server.connections.length === 2, 'the relay gave up on the silent stream and reconnected');
    expect(logged.some((line) => /no event or heartbeat for 300 ms; reconnecting/.test(line))).toBe(true);
    await until(() => server.connections[0]!.closed, 'the silent connection was closed');
  });

  it('keeps a live stream open past the request timeout', async () => {
    await until(() => server.connections.length === 1, 'the relay connected');
    server.send(0, 'ready', { time: DIE.time });
    // Heartbeats keep the silence watchdog quiet for twice the request timeout.
    for (let sent = 0; sent < (2 * REQUEST_TIMEOUT_MS) / 50; sent++) {
      server.send(0, 'heartbeat', { time: DIE.time });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    server.send(0, 'pod', DIE);
    await until(() => published.length === 1, 'the event sent after the timeout was published');
    expect(server.connections).toHaveLength(1);
    expect(broken).toEqual([]);
  });

  it('closes the stream when the peer leaves the candidates, and does not reconnect', async () => {
    await until(() => server.connections.length === 1, 'the relay connected');
    expect(relay.following()).toEqual(['bravo']);
    candidates = [];
    relay.reconcile();
    await until(() => server.connections[0]!.closed, 'the stream was closed');
    expect(relay.following()).toEqual([]);
    // Longer than the first reconnect wait (400 ms): still one connection.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(server.connections).toHaveLength(1);
    expect(broken).toEqual([]);
  });
});
