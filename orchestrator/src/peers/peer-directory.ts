import type { SchedulableNode } from '../scheduling/scheduler';
import { readPeerHealth, type PeerHealthReading } from './peer-directory-health';
import { peerSchedulableNode } from './peer-directory-node';
import {
  DEFAULT_PEER_SCHEDULE,
  candidatePeers,
  peerAnswered,
  peerFailed,
  peerStateChanged,
  pendingPeer,
  validatePeerSchedule,
  type PeerBackoff,
  type PeerSchedule,
  type PeerState,
} from './peer-directory-state';
import { describeFetchError } from './peer-client';
import { signPeerRequest, type PeerSigner } from './peer-signing';

// Asks every peer for its `GET /health` now and then and keeps what each said (the states and
// their timing live in peer-directory-state.ts). One timer at a time, armed for the peer that is
// due first; stop() clears it and aborts requests in flight, so nothing outlives the directory.

export interface DirectoryPeer {
  /** For logs and reasons, e.g. the name discovery gave. */
  name: string;
  /** Origin of the peer's orchestrator API, e.g. http://bravo.tail4e2b9.ts.net:8080. */
  url: string;
}

export type PeerFetch = (url: string, init: { method: 'GET'; headers: Record<string, string>; signal: AbortSignal }) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;

export interface PeerDirectoryTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PeerDirectoryOptions {
  /** Between two asks of an available peer; default 10 s. */
  intervalMs?: number;
  /** Share (0-1) each delay varies either way; default 0.2. */
  jitter?: number;
  /** How long one ask may take before the peer counts as not answering; default 3 s. */
  timeoutMs?: number;
  /** Retry delays of a peer that stopped answering; default 1 s doubling up to 60 s. */
  backoff?: Partial<PeerBackoff>;
  /** When given, requests carry this node's signature (peer-signing.ts). */
  signer?: PeerSigner;
  /** What to ask; default `/health`. Signed peers ask `/peer/health`, which checks the signature. */
  healthPath?: string;
  /** This node's name: a peer answering with it is this node and is never offered. */
  localNode?: string;
  /** Called when a peer becomes available or unavailable, or the reason it is unavailable changes. */
  onChange?: (state: PeerState, previous: PeerState) => void;
  /** Problems of the background loop that have no caller to throw to (e.g. onChange threw). */
  onError?: (error: Error) => void;
  fetch?: PeerFetch;
  now?: () => number;
  random?: () => number;
  timers?: PeerDirectoryTimers;
}

const DEFAULT_TIMEOUT_MS = 3_000;
const DEFAULT_HEALTH_PATH = '/health';

const REAL_TIMERS: PeerDirectoryTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // The directory alone never keeps a process alive.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class PeerDirectory {
  private readonly schedule: PeerSchedule;
  private readonly timeoutMs: number;
  private readonly healthPath: string;
  private readonly fetch: PeerFetch;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly timers: PeerDirectoryTimers;
  private peers: DirectoryPeer[] = [];
  private readonly states = new Map<string, PeerState>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private running = false;
  private timer: unknown;
  private aborter = new AbortController();

  /** Throws an Error saying what to change when an option or a peer is unusable. */
  constructor(peers: readonly DirectoryPeer[], private readonly options: PeerDirectoryOptions = {}) {
    this.schedule = validatePeerSchedule({
      intervalMs: options.intervalMs ?? DEFAULT_PEER_SCHEDULE.intervalMs,
      jitter: options.jitter ?? DEFAULT_PEER_SCHEDULE.jitter,
      backoff: { ...DEFAULT_PEER_SCHEDULE.backoff, ...options.backoff },
    });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(Number.isFinite(this.timeoutMs) && this.timeoutMs > 0)) throw new Error(`Peer timeoutMs ${this.timeoutMs} must be a positive number of milliseconds, e.g. 3000`);
    this.healthPath = options.healthPath ?? DEFAULT_HEALTH_PATH;
    this.fetch = options.fetch ?? (globalThis.fetch as unknown as PeerFetch);
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.timers = options.timers ?? REAL_TIMERS;
    this.setPeers(peers);
  }

  /** Starts asking: every peer at once, then each on its own schedule. Calling it twice is harmless. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.aborter = new AbortController();
    this.arm();
  }

  /** Clears the timer, aborts asks in flight and waits for them; the states are kept. */
  async stop(): Promise<void> {
    this.running = false;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.aborter.abort(new Error('peer directory stopped'));
    await Promise.all(this.inFlight.values());
  }

  /**
   * Replaces the peer list (e.g. after a discovery pass). A peer kept with the same URL keeps its
   * state; a new one is asked at once. Names must be unique.
   */
  setPeers(peers: readonly DirectoryPeer[]): void {
    const names = new Set<string>();
    for (const peer of peers) {
      if (peer.name === '') throw new Error(`A peer at ${peer.url} has an empty name; give every peer a name`);
      if (names.has(peer.name)) throw new Error(`Peer name '${peer.name}' appears twice; give every peer its own name`);
      names.add(peer.name);
      if (!/^https?:\/\/[^/]+\/?$/.test(peer.url)) throw new Error(`Peer '${peer.name}' has URL '${peer.url}'; give the origin only, e.g. http://bravo:8080`);
    }
    const now = this.now();
    for (const name of [...this.states.keys()]) {
      if (!names.has(name)) this.states.delete(name);
    }
    this.peers = peers.map((peer) => ({ name: peer.name, url: peer.url.replace(/\/$/, '') }));
    for (const peer of this.peers) {
      const state = this.states.get(peer.name);
      if (state === undefined || state.url !== peer.url) this.states.set(peer.name, pendingPeer(peer.name, peer.url, now));
    }
    if (this.running) this.arm();
  }

  /** Asks every peer now, whatever their schedule; resolves when all have answered or failed. */
  async refresh(): Promise<void> {
    await Promise.all(this.peers.map((peer) => this.check(peer)));
  }

  /** Every peer's state, in the order the peers were given. */
  peerStates(): PeerState[] {
    return this.peers.map((peer) => this.states.get(peer.name)!);
  }

  peerState(name: string): PeerState | undefined {
    return this.states.get(name);
  }

  /** The peers that answered their last ask, as scheduler nodes named after the peer's node. */
  nodes(): SchedulableNode[] {
    return this.candidates().map((state) => peerSchedulableNode(state.capacity, state.node));
  }

  /** The peers that answered their last ask, with the node each one is. */
  availablePeers(): Array<{ peer: DirectoryPeer; node: string }> {
    return this.candidates().map((state) => ({ peer: { name: state.peer, url: state.url }, node: state.node }));
  }

  /** The peers that stopped answering, with why (and the node they were, when known). */
  unavailablePeers(): Array<{ peer: string; node: string | undefined; reason: string }> {
    return this.peerStates().flatMap((state) => (state.state === 'unavailable' ? [{ peer: state.peer, node: state.lastCapacity?.node, reason: state.reason }] : []));
  }

  /** Which peer to send work to that the scheduler placed on `node`. */
  peerOfNode(node: string): DirectoryPeer | undefined {
    const state = this.candidates().find((candidate) => candidate.node === node);
    return state === undefined ? undefined : { name: state.peer, url: state.url };
  }

  /** The peers that answered their last ask and are not this node. */
  private candidates(): Array<Extract<PeerState, { state: 'available' }>> {
    return candidatePeers(this.peerStates(), this.options.localNode);
  }

  private arm(): void {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running) return;
    let due = Number.POSITIVE_INFINITY;
    for (const peer of this.peers) {
      if (!this.inFlight.has(peer.name)) due = Math.min(due, this.states.get(peer.name)!.nextCheckAt);
    }
    if (due === Number.POSITIVE_INFINITY) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.checkDue();
    }, Math.max(0, due - this.now()));
  }

  private checkDue(): void {
    const now = this.now();
    for (const peer of this.peers) {
      if (this.states.get(peer.name)!.nextCheckAt <= now) void this.check(peer);
    }
    this.arm();
  }

  private check(peer: DirectoryPeer): Promise<void> {
    const running = this.inFlight.get(peer.name);
    if (running !== undefined) return running;
    const attempt = this.ask(peer)
      .then((reading) => this.record(peer, reading))
      .catch((error: unknown) => this.options.onError?.(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        this.inFlight.delete(peer.name);
        this.arm();
      });
    this.inFlight.set(peer.name, attempt);
    return attempt;
  }

  private record(peer: DirectoryPeer, reading: PeerHealthReading | undefined): void {
    const before = this.states.get(peer.name);
    // Dropped or moved while the ask was out, or stopped: the answer is about something gone.
    if (reading === undefined || before === undefined || before.url !== peer.url) return;
    const now = this.now();
    const after = reading.ok
      ? peerAnswered(before, reading, now, this.schedule, this.random())
      : peerFailed(before, reading.reason, now, this.schedule, this.random());
    this.states.set(peer.name, after);
    if (peerStateChanged(before, after)) this.options.onChange?.(after, before);
  }

  /** What the peer said; undefined when the directory was stopped meanwhile. */
  private async ask(peer: DirectoryPeer): Promise<PeerHealthReading | undefined> {
    const stopped = this.aborter.signal;
    const controller = new AbortController();
    const onStop = () => controller.abort(stopped.reason);
    stopped.addEventListener('abort', onStop, { once: true });
    let timedOut = false;
    const timeout = this.timers.setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, this.timeoutMs);
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (this.options.signer !== undefined) Object.assign(headers, signPeerRequest({ method: 'GET', path: this.healthPath }, this.options.signer, { now: this.now() }));
      const response = await this.fetch(`${peer.url}${this.healthPath}`, { method: 'GET', headers, signal: controller.signal });
      const text = await response.text();
      if (response.status === 401 && this.options.signer !== undefined) {
        return { ok: false, reason: `peer '${peer.name}' refused this node's signature (HTTP 401): add this node's public key to its trusted peers` };
      }
      if (!response.ok) return { ok: false, reason: `peer '${peer.name}' answered ${this.healthPath} with HTTP ${response.status}; check that ${peer.url} is a vaultplane orchestrator` };
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { ok: false, reason: `peer '${peer.name}' answered ${this.healthPath} with something that is not JSON; check that ${peer.url} is a vaultplane orchestrator` };
      }
      return readPeerHealth(peer.name, body);
    } catch (error) {
      if (stopped.aborted) return undefined;
      if (timedOut) return { ok: false, reason: `peer '${peer.name}' at ${peer.url} did not answer ${this.healthPath} within ${this.timeoutMs} ms; check that it runs and is reachable` };
      return { ok: false, reason: `peer '${peer.name}' at ${peer.url} did not answer ${this.healthPath} (${describeFetchError(error)}); check that it runs and is reachable` };
    } finally {
      this.timers.clearTimeout(timeout);
      stopped.removeEventListener('abort', onStop);
    }
  }
}
