import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidDockerHostError } from '../errors';
import { DockerRuntime } from './docker-runtime';

// The real-engine behaviour is covered in test/docker-engine.test.ts; these cover the engine
// being unreachable in ways a real engine cannot be made to be on demand.

const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** A TCP listener that accepts connections and never says a word, like a hung engine. */
async function silentListener(): Promise<number> {
  const server = createServer((socket) => sockets.push(socket));
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return address.port;
}

describe('DockerRuntime when the engine does not answer', () => {
  it('ping gives up after its timeout and reports the engine unreachable instead of hanging', async () => {
    const port = await silentListener();
    const runtime = new DockerRuntime({ dockerHost: `tcp://127.0.0.1:${port}`, env: {}, pingTimeoutMs: 200 });
    const status = await runtime.ping();
    expect(status).toMatchObject({ reachable: false, endpoint: `tcp://127.0.0.1:${port}` });
    expect(!status.reachable && status.reason).toMatch(/no answer before the timeout.*DOCKER_HOST/s);
  });

  it('ping reports a refused connection with how to start an engine', async () => {
    const port = await silentListener();
    await new Promise((done) => servers.pop()?.close(done));
    const status = await new DockerRuntime({ dockerHost: `tcp://127.0.0.1:${port}`, env: {} }).ping();
    expect(!status.reachable && status.reason).toMatch(/connection refused.*(dockerd|systemctl start docker)/s);
  });

  it('rejects an unusable DOCKER_HOST when it is built, not at the first request', () => {
    expect(() => new DockerRuntime({ env: { DOCKER_HOST: 'ssh://me@box' } })).toThrow(InvalidDockerHostError);
  });
});
