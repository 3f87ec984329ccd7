import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStandaloneServer, type StandaloneServer } from '../orchestrator/src/api/standalone-server';
import { PeerDirectory } from '../orchestrator/src/peers/peer-directory';
import { healthDocument } from '../orchestrator/src/peers/peer-directory-fixtures';
import type { PeerState } from '../orchestrator/src/peers/peer-directory-state';
import { nodeIdOf } from '../orchestrator/src/peers/peer-identity-key';
import { PeerRequestVerifier } from '../orchestrator/src/peers/peer-signing';
import { generateSigningKeyPair } from '../orchestrator/src/policy/ed25519-key';
import { MIB } from '../orchestrator/src/scheduling/resources';
import { Scheduler } from '../orchestrator/src/scheduling/scheduler';
import { createOrchestrator, type OrchestratorHandle } from '../orchestrator/src/service/create-orchestrator';
import { describeWithDocker } from './support/docker';
import { eventually } from './support/temp-vault';

// The capacity exchange over real HTTP on 127.0.0.1. The peers are plain node:http servers that
// answer the shape of a real orchestrator's GET /health, recorded once (peer-directory-fixtures.ts);
// the last block checks that shape against a real orchestrator on the real Docker engine.

const alpha = generateSigningKeyPair();
const signer = { nodeId: nodeIdOf(alpha.publicKey), privateKey: alpha.privateKeyPem };

/** A peer orchestrator's /health on its own port; it verifies the caller's signature like a peer route would. */
class FakePeerServer {
  readonly askedBy: string[] = [];
  private server: Server | undefined;
  port = 0;
  private readonly verifier = new PeerRequestVerifier([{ name: 'alpha', publicKey: alpha.publicKey }]);

  constructor(private readonly document: Record<string, unknown>) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/health') {
        res.writeHead(404).end();
        return;
      }
      try {
        this.askedBy.push(this.verifier.verify({ method: 'GET', path: '/health' }, req.headers).name ?? '?');
      } catch {
        this.askedBy.push('unverified');
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.document));
    });
    // The same port again after a restart, as a restarted orchestrator would have.
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Kept-alive connections would otherwise keep answering after the "crash".
    server.closeAllConnections();
    await closed;
  }
}

/** Polls with the shared test helper until `condition` holds. */
const waitUntil = (what: string, condition: () => boolean): Promise<unknown> => eventually(async () => condition(), what);

describe('peer capacity exchange between real HTTP servers on 127.0.0.1 (health documents recorded from a real orchestrator)', () => {
  const bravo = new FakePeerServer(healthDocument('bravo', { cpu: 4, memoryMb: 8192, reservedCpu: 3.5, pods: 2 }));
  const charlie = new FakePeerServer(healthDocument('charlie', { cpu: 8, memoryMb: 16384, reservedCpu: 1, pods: 1 }));
  const delta = new FakePeerServer(healthDocument('delta', { cpu: 2, memoryMb: 4096 }));
  let directory: PeerDirectory;
  const changes: Array<{ peer: string; state: PeerState['state'] }> = [];

  beforeAll(async () => {
    await Promise.all([bravo.start(), charlie.start(), delta.start()]);
    directory = new PeerDirectory(
      [
        { name: 'bravo', url: bravo.url },
        { name: 'charlie', url: charlie.url },
        { name: 'delta', url: delta.url },
      ],
      {
        intervalMs: 100,
        jitter: 0.2,
        timeoutMs: 1_000,
        backoff: { initialMs: 50, maxMs: 200, factor: 2 },
        signer,
        onChange: (state) => changes.push({ peer: state.peer, state: state.state }),
      },
    );
    directory.start();
  });

  afterAll(async () => {
    await directory?.stop();
    await Promise.all([bravo.stop(), charlie.stop(), delta.stop()]);
  });

  const nodeNames = () => directory.nodes().map((node) => node.name).sort();
  const request = { resources: { cpu: 4, memoryBytes: 1024 * MIB, gpus: 0 } };

  it('learns every peer, signs its asks, and lets the scheduler place where capacity is', async () => {
    await waitUntil('all three peers answered', () => nodeNames().length === 3);
    expect(nodeNames()).toEqual(['bravo', 'charlie', 'delta']);
    expect(charlie.askedBy[0]).toBe('alpha');
    // 4 CPUs fit only charlie (bravo has 0.5 free, delta 2).
    expect(new Scheduler().schedule(directory.nodes(), request)).toMatchObject({ kind: 'placed', node: 'charlie' });
  });

  it('marks a stopped peer unavailable and drops it from the candidates, then takes it back when it returns', async () => {
    await waitUntil('all three peers answered', () => nodeNames().length === 3);
    await charlie.stop();
    await waitUntil('charlie is marked unavailable', () => directory.peerState('charlie')?.state === 'unavailable');

    const state = directory.peerState('charlie') as Extract<PeerState, { state: 'unavailable' }>;
    expect(state.reason).toContain(`peer 'charlie' at ${charlie.url} did not answer /health`);
    expect(state.lastCapacity?.node).toBe('charlie');
    expect(nodeNames()).toEqual(['bravo', 'delta']);
    expect(new Scheduler().schedule(directory.nodes(), request)).toMatchObject({ kind: 'unschedulable', message: expect.stringContaining('0/2 nodes are available') });

    const askedBeforeRestart = charlie.askedBy.length;
    await charlie.start();
    await waitUntil('charlie is available again', () => directory.peerState('charlie')?.state === 'available');
    expect(charlie.askedBy.length).toBeGreaterThan(askedBeforeRestart);
    expect(nodeNames()).toEqual(['bravo', 'charlie', 'delta']);
    expect(new Scheduler().schedule(directory.nodes(), request)).toMatchObject({ kind: 'placed', node: 'charlie' });
    // A change of reason while down (connection reset, then refused) is reported too; the states went:
    const states = changes.filter((change) => change.peer === 'charlie').map((change) => change.state);
    expect(states.filter((value, index) => value !== states[index - 1])).toEqual(['available', 'unavailable', 'available']);
  });

  it('stops asking once stopped', async () => {
    await directory.stop();
    const asked = bravo.askedBy.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bravo.askedBy.length).toBe(asked);
  });
});

describeWithDocker('peer capacity exchange with a real orchestrator as the peer', () => {
  let dataDir: string;
  let handle: OrchestratorHandle;
  let server: StandaloneServer;
  let directory: PeerDirectory | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vp-peer-dir-'));
    handle = await createOrchestrator({ dataDir, nodeName: 'echo' });
    server = await startStandaloneServer({ orchestrator: handle.orchestrator, token: `t-${process.pid}`, policy: () => handle.policy.current });
  });

  afterEach(async () => {
    await directory?.stop();
  });

  afterAll(async () => {
    await server?.close();
    await handle?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reads the real /health answer of a running orchestrator into a scheduler node', async () => {
    directory = new PeerDirectory([{ name: 'echo', url: server.url }], { signer });
    await directory.refresh();
    const state = directory.peerState('echo');
    expect(state, JSON.stringify(state)).toMatchObject({ state: 'available', node: 'echo' });
    const health = (await (await fetch(`${server.url}/health`)).json()) as { capacity: { total: { cpu: number; memoryMb: number } } };
    expect(directory.nodes()).toEqual([
      expect.objectContaining({ name: 'echo', ready: true, capacity: expect.objectContaining({ cpu: health.capacity.total.cpu, memoryBytes: health.capacity.total.memoryMb * MIB }) }),
    ]);
  });
});
