import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSse, type SseEvent } from '../orchestrator/src/api/sse-parser';
import { DockerRuntime, type Pod } from '../orchestrator/src/index';
import { TEST_IMAGE, describeWithDocker } from './support/docker';
import { OrchestratorApi } from './support/orchestrator-api';

// The engine going away mid-stream and coming back. The real engine sits behind a TCP proxy
// that the test cuts and restores: to the orchestrator that is exactly an engine that died
// (every connection reset, new ones refused) and then started again on the same address.
const run = `orch-outage-${process.pid}-${Date.now()}`;
const TOKEN = `token-${run}`;

function upstream(): { path: string } | { host: string; port: number } {
  const host = process.env.DOCKER_HOST ?? '';
  if (host.startsWith('tcp://')) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  return { path: host.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock' };
}

class EngineProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(): Promise<void> {
    const server = createServer((client) => {
      const target = upstream();
      const engine = 'path' in target ? connect(target.path) : connect(target.port, target.host);
      for (const socket of [client, engine]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          engine.destroy();
        });
      }
      client.pipe(engine).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Like the engine dying: open connections reset, new ones refused. */
  async cut(): Promise<void> {
    const closed = new Promise((resolve) => this.server?.close(resolve));
    // TCP sockets get a reset, as from a dead host; the unix side is simply closed.
    for (const socket of this.sockets) (socket.remoteAddress === undefined ? socket.destroy() : socket.resetAndDestroy());
    await closed;
    this.server = undefined;
  }
}

describeWithDocker('orchestrator when the Docker engine goes away and comes back', () => {
  const proxy = new EngineProxy();
  let orchestrator: OrchestratorApi;

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${orchestrator.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const stream = async (path: string) => {
    const response = await fetch(`${orchestrator.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return readSse(response.body!);
  };
  /** next() by hand: leaving a for-await loop would cancel the stream. */
  async function until(events: AsyncGenerator<SseEvent>, match: (event: SseEvent) => boolean): Promise<SseEvent> {
    for (;;) {
      const { done, value } = await events.next();
      if (done) throw new Error('the stream ended before the expected event');
      if (match(value)) return value;
    }
  }

  beforeAll(async () => {
    await proxy.start();
    orchestrator = await OrchestratorApi.start({
      run,
      token: TOKEN,
      setup: { runtime: new DockerRuntime({ dockerHost: `tcp://127.0.0.1:${proxy.port}`, env: {} }), engineRetryMs: { min: 100, max: 300 }, evictGraceSeconds: 0 },
    });
  });

  afterAll(async () => {
    await orchestrator?.close();
  });

  it('ends open streams with a clear error, keeps answering, and recovers when the engine is back', async () => {
    const scheduled = await api('POST', '/schedule', {
      name: 'ticker',
      image: TEST_IMAGE,
      command: ['sh', '-c', 'while true; do echo tick; sleep 0.1; done'],
      cpu: 0.1,
      memoryMb: 32,
      labels: { run },
    });
    expect(scheduled.status).toBe(201);
    const pod = scheduled.body.pod as Pod;

    const events = await stream('/events');
    await until(events, (e) => e.event === 'ready');
    const logs = await stream(`/pods/${pod.id}/logs`);
    await until(logs, (e) => e.event === 'log');

    await proxy.cut();

    const logError = await until(logs, (e) => e.event === 'error' || e.event === 'end');
    expect(logError.event).toBe('error');
    expect(JSON.parse(logError.data)).toMatchObject({ code: 'engine_unavailable', message: expect.stringMatching(/No Docker engine answers.*(dockerd|systemctl start docker)/s) });
    expect(JSON.parse((await until(events, (e) => e.event === 'engine')).data)).toMatchObject({ state: 'unavailable' });

    const health = await api('GET', '/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'degraded', engine: { reachable: false, reason: expect.stringContaining('DOCKER_HOST') } } });
    const pods = await api('GET', '/pods');
    expect(pods).toMatchObject({ status: 503, body: { error: { code: 'engine_unavailable' } } });

    await proxy.start();

    expect(JSON.parse((await until(events, (e) => e.event === 'engine')).data)).toMatchObject({ state: 'available' });
    expect((await api('GET', '/pods')).body.pods.map((p: Pod) => p.id)).toContain(pod.id);
    expect(await api('POST', '/evict', { id: pod.id })).toMatchObject({ status: 200 });
    // The event stream is live again: the eviction's engine events arrive.
    const destroyed = await until(events, (e) => e.event === 'pod' && JSON.parse(e.data).action === 'destroy');
    expect(JSON.parse(destroyed.data)).toMatchObject({ podId: pod.id });
  });
});
