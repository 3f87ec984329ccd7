import { afterEach, describe, expect, it } from 'vitest';
import { generateSigningKeyPair } from '../policy/ed25519-key';
import { PeerDirectory, type PeerDirectoryOptions, type PeerDirectoryTimers, type PeerFetch } from './peer-directory';
import { degradedHealthDocument, healthDocument } from './peer-directory-fixtures';
import type { PeerState } from './peer-directory-state';
import { nodeIdOf } from './peer-identity-key';
import { PeerRequestVerifier } from './peer-signing';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

/** A clock and timers that move only when told to. */
class FakeTime implements PeerDirectoryTimers {
  now = T0;
  private nextId = 1;
  readonly pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Runs every timer due within `ms`, in order, letting answers settle in between. */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      await settle();
      const due = [...this.pending].filter(([, timer]) => timer.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
      if (due === undefined) break;
      this.pending.delete(due[0]);
      this.now = Math.max(this.now, due[1].at);
      due[1].callback();
    }
    this.now = until;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

type Answer = { status: number; body: unknown } | 'refused' | 'hang';

/** Peers by URL; each answers what `answers` says at the time of the ask. */
class FakePeers {
  readonly answers = new Map<string, Answer>();
  readonly asks: Array<{ url: string; at: number; headers: Record<string, string> }> = [];
  constructor(private readonly time: FakeTime) {}

  readonly fetch: PeerFetch = (url, init) => {
    this.asks.push({ url, at: this.time.now, headers: init.headers });
    const answer = this.answers.get(url.replace(/\/health$/, '')) ?? 'refused';
    if (answer === 'refused') return Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
    if (answer === 'hang') {
      return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason), { once: true }));
    }
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return Promise.resolve({ ok: answer.status < 300, status: answer.status, text: async () => text });
  };

  asksOf(url: string): number[] {
    return this.asks.filter((ask) => ask.url === `${url}/health`).map((ask) => ask.at - T0);
  }
}

const BRAVO = 'http://bravo:8080';
const CHARLIE = 'http://charlie:8080';
const PEERS = [
  { name: 'b', url: BRAVO },
  { name: 'c', url: CHARLIE },
];

let directory: PeerDirectory | undefined;
afterEach(async () => {
  await directory?.stop();
  directory = undefined;
});

function setup(options: PeerDirectoryOptions = {}, peers = PEERS) {
  const time = new FakeTime();
  const fake = new FakePeers(time);
  const changes: Array<{ peer: string; from: string; to: string }> = [];
  directory = new PeerDirectory(peers, {
    intervalMs: 10_000,
    jitter: 0,
    timeoutMs: 2_000,
    backoff: { initialMs: 1_000, maxMs: 8_000, factor: 2 },
    fetch: fake.fetch,
    now: () => time.now,
    timers: time,
    random: () => 0.5,
    onChange: (state, previous) => changes.push({ peer: state.peer, from: previous.state, to: state.state }),
    ...options,
  });
  return { time, fake, changes, directory };
}

const names = (d: PeerDirectory) => d.nodes().map((node) => node.name);

describe('PeerDirectory', () => {
  it('asks every peer at start and offers those that answered as scheduler nodes named after their node', async () => {
    const { time, fake, directory } = setup();
    fake.answers.set(BRAVO, { status: 200, body: healthDocument('bravo-node', { cpu: 4, memoryMb: 4096, reservedCpu: 1, pods: 2 }) });
    fake.answers.set(CHARLIE, { status: 503, body: 'busy' });
    directory.start();
    await time.advance(0);

    expect(directory.nodes()).toEqual([expect.objectContaining({ name: 'bravo-node', ready: true, pods: 2, capacity: expect.objectContaining({ cpu: 4 }), allocated: expect.objectContaining({ cpu: 1 }) })]);
    expect(directory.peerOfNode('bravo-node')).toEqual({ name: 'b', url: BRAVO });
    expect(directory.peerState('c')).toMatchObject({ state: 'unavailable', failures: 1, reason: "peer 'c' answered /health with HTTP 503; check that http://charlie:8080 is a vaultplane orchestrator" });
  });

  it('asks an available peer again each interval and picks up its new capacity', async () => {
    const { time, fake, directory } = setup();
    fake.answers.set(BRAVO, { status: 200, body: healthDocument('bravo', { cpu: 4, memoryMb: 4096 }) });
    directory.start();
    await time.advance(0);
    fake.answers.set(BRAVO, { status: 200, body: healthDocument('bravo', { cpu: 4, memoryMb: 4096, reservedCpu: 3 }) });
    await time.advance(25_000);

    expect(fake.asksOf(BRAVO)).toEqual([0, 10_000, 20_000]);
    expect(directory.nodes()[0]?.allocated.cpu).toBe(3);
  });

  it('drops a peer that stops answering from the candidates, retries it with growing capped backoff, and takes it back when it answers', async () => {
    const { time, fake, changes, directory } = setup();
    fake.answers.set(BRAVO, { status: 200, body: healthDocument('bravo', { cpu: 4, memoryMb: 4096 }) });
    fake.answers.set(CHARLIE, { status: 200, body: healthDocument('charlie', { cpu: 2, memoryMb: 2048 }) });
    directory.start();
    await time.advance(0);
    expect(names(directory)).toEqual(['bravo', 'charlie']);

    fake.answers.set(BRAVO, 'refused');
    await time.advance(10_000);
    expect(names(directory)).toEqual(['charlie']);
    expect(directory.peerState('b')).toMatchObject({ state: 'unavailable', reason: expect.stringContaining('ECONNREFUSED'), failures: 1 });

    // Retries after 1, 2, 4, 8, 8 s: 11, 13, 17, 25, 33 s.
    await time.advance(24_000);
    expect(fake.asksOf(BRAVO)).toEqual([0, 10_000, 11_000, 13_000, 17_000, 25_000, 33_000]);
    expect(directory.peerState('b')).toMatchObject({ failures: 6 });

    fake.answers.set(BRAVO, { status: 200, body: healthDocument('bravo', { cpu: 4, memoryMb: 4096 }) });
    await time.advance(8_000);
    expect(names(directory)).toEqual(['bravo', 'charlie']);
    expect(changes.filter((change) => change.peer === 'b')).toEqual([
      { peer: 'b', from: 'pending', to: 'available' },
      { peer: 'b', from: 'available', to: 'unavailable' },
      { peer: 'b', from: 'unavailable', to: 'available' },
    ]);
    // Back on the normal interval.
    await time.advance(10_000);
    expect(fake.asksOf(BRAVO).at(-1)).toBe(51_000);
  });

  it('counts a peer that does not answer within the timeout as unavailable', async () => {
    const { time, fake, directory } = setup();
    fake.answers.set(BRAVO, 'hang');
    directory.start();
    await time.advance(1_999);
    expect(directory.peerState('b')?.state).toBe('pending');
    await time.advance(1);
    expect(directory.peerState('b')).toMatchObject({ state: 'unavailable', reason: "peer 'b' at http://bravo:8080 did not answer /health within 2000 ms; check that it runs and is reachable" });
  });

  it('calls a peer that answers with a bad document or a degraded engine unavailable, with the reason', async () => {
    const { time, fake, directory } = setup();
    fake.answers.set(BRAVO, { status: 200, body: { hello: 'world' } });
    fake.answers.set(CHARLIE, { status: 200, body: degradedHealthDocument('charlie', 'Docker is not running') });
    directory.start();
    await time.advance(0);
    expect(directory.nodes()).toEqual([]);
    expect((directory.peerState('b') as Extract<PeerState, { state: 'unavailable' }>).reason).toContain("peer 'b' answered /health with something that is not an orchestrator health document");
    expect((directory.peerState('c') as Extract<PeerState, { state: 'unavailable' }>).reason).toBe("peer 'c' is degraded and cannot reach its container engine: Docker is not running");
  });

  it('leaves no timer behind on stop and ignores an answer that was still on its way', async () => {
    const { time, fake, directory } = setup();
    fake.answers.set(BRAVO, { status: 200, body: healthDocument('bravo', { cpu: 4, memoryMb: 4096 }) });
    fake.answers.set(CHARLIE, 'hang');
    directory.start();
    await time.advance(0);
    expect(time.pending.size).toBeGreaterThan(0);

    await directory.stop();
    expect(time.pending.size).toBe(0);
    expect(directory.peerState('c')?.state).toBe('pending');
    const asked = fake.asks.length;
    await time.advance(60_000);
    expect(fake.asks.length).toBe(asked);
    expect(names(directory)).toEqual(['bravo']);
  });

  it('signs its asks when given a signer, so a peer that checks can tell who asks', async () => {
    const pair = generateSigningKeyPair();
    const signer = { nodeId: nodeIdOf(pair.publicKey), privateKey: pair.privateKeyPem };
    const { time, fake, directory } = setup({ signer });
    fake.answers.set(BRAVO, { status: 200, body: healthDocument('bravo', { cpu: 4, memoryMb: 4096 }) });
    await directory.refresh();

    const verifier = new PeerRequestVerifier([{ name: 'alpha', publicKey: pair.publicKey }], { now: () => time.now });
    const headers = fake.asks.find((ask) => ask.url === `${BRAVO}/health`)!.headers;
    expect(verifier.verify({ method: 'GET', path: '/health' }, headers)).toEqual({ nodeId: signer.nodeId, name: 'alpha' });
  });

  it('keeps the state of peers still listed, forgets removed ones and asks new ones at once', async () => {
    const { time, fake, directory } = setup();
    fake.answers.set(BRAVO, { status: 200, body: healthDocument('bravo', { cpu: 4, memoryMb: 4096 }) });
    fake.answers.set(CHARLIE, { status: 200, body: healthDocument('charlie', { cpu: 4, memoryMb: 4096 }) });
    directory.start();
    await time.advance(0);

    fake.answers.set('http://delta:8080', { status: 200, body: healthDocument('delta', { cpu: 4, memoryMb: 4096 }) });
    directory.setPeers([{ name: 'b', url: `${BRAVO}/` }, { name: 'd', url: 'http://delta:8080' }]);
    expect(names(directory)).toEqual(['bravo']);
    await time.advance(0);
    expect(names(directory)).toEqual(['bravo', 'delta']);
    expect(fake.asksOf(BRAVO)).toEqual([0]);
    expect(directory.peerState('c')).toBeUndefined();
  });

  it('never offers this node itself, even when discovery lists it as a peer', async () => {
    const { fake, directory } = setup({ localNode: 'charlie' });
    fake.answers.set(BRAVO, { status: 200, body: healthDocument('bravo', { cpu: 4, memoryMb: 4096 }) });
    fake.answers.set(CHARLIE, { status: 200, body: healthDocument('charlie', { cpu: 4, memoryMb: 4096 }) });
    await directory.refresh();
    expect(names(directory)).toEqual(['bravo']);
    expect(directory.peerOfNode('charlie')).toBeUndefined();
  });

  it('refuses peer lists and options it cannot use, saying what to give instead', () => {
    expect(() => new PeerDirectory([{ name: 'b', url: BRAVO }, { name: 'b', url: CHARLIE }])).toThrow(/'b' appears twice/);
    expect(() => new PeerDirectory([{ name: 'b', url: 'http://bravo:8080/api' }])).toThrow(/give the origin only/);
    expect(() => new PeerDirectory([], { timeoutMs: 0 })).toThrow(/timeoutMs 0 must be a positive/);
    expect(() => new PeerDirectory([], { jitter: 2 })).toThrow(/jitter 2/);
  });
});
