import { PodNotFoundError, UnschedulableError } from '../errors';
import { readSse } from '../api/sse-parser';
import { SIGNATURE_HEADER } from '../policy/manifest-signature';
import type { LogChunk, LogOptions } from '../runtime/container-runtime';
import type { PlacementStep } from '../scheduling/placement-order';
import type { SchedulableNode } from '../scheduling/scheduler';
import type { ForwardedPlacement, PeerForwarding, PeerListProblem, PeerStatus, PodQuery } from '../service/peer-forwarding';
import type { Pod } from '../workload/pod';
import { PeerAnswerError, PeerUnavailableError, type PeerClient, type PeerEndpoint } from './peer-client';
import type { PeerDirectory } from './peer-directory';
import { endsPlacement, peerTryOrder, retriesSamePeer } from './peer-placement';

// The PeerForwarding port over HTTP: the directory says which peers are up and what they offer,
// the client makes the signed calls. The rules (try order, when to ask a peer again) are pure and
// live in peer-placement.ts.

export const PEER_PATHS = {
  health: '/peer/health',
  schedule: '/peer/schedule',
  pods: '/peer/pods',
  pod: (id: string) => `/peer/pods/${encodeURIComponent(id)}`,
  logs: (id: string) => `/peer/pods/${encodeURIComponent(id)}/logs`,
  evict: '/peer/evict',
  taskUpdate: '/peer/task-update',
  events: '/peer/events',
} as const;

/** How many idempotency keys are remembered with the node that placed them. */
const REMEMBERED_KEYS = 10_000;

export class PeerCluster implements PeerForwarding {
  /** Key → node that placed it, so a client's retry goes back to the same peer first. */
  private readonly placedKeys = new Map<string, string>();

  constructor(
    private readonly directory: PeerDirectory,
    private readonly client: PeerClient,
    /** Lists and lookups wait this long for a peer: a hung peer must not hold up GET /pods. */
    private readonly lookupTimeoutMs = 3_000,
  ) {}

  status(): PeerStatus[] {
    return this.directory.peerStates().map((state) => ({
      peer: state.peer,
      url: state.url,
      state: state.state,
      ...(state.state === 'available' ? { node: state.node } : {}),
      ...(state.state === 'unavailable' ? { node: state.lastCapacity?.node, reason: state.reason } : {}),
    }));
  }

  nodes(): SchedulableNode[] {
    return this.directory.nodes();
  }

  async place(steps: readonly PlacementStep[], input: unknown, key: string, signature: string | undefined): Promise<ForwardedPlacement> {
    const attempts: ForwardedPlacement['attempts'] = [];
    const order = peerTryOrder(steps, this.placedKeys.get(key));
    let lastError: unknown;
    for (const node of order) {
      const peer = this.directory.peerOfNode(node);
      if (peer === undefined) {
        attempts.push({ node, peer: node, outcome: 'failed', reason: 'no longer available' });
        continue;
      }
      const headers: Record<string, string> = { 'idempotency-key': key, ...(signature === undefined ? {} : { [SIGNATURE_HEADER]: signature }) };
      // At most one repeat, and only to a peer that may have placed it: it dedupes on the key.
      for (let attempt = 1; ; attempt++) {
        try {
          const { status, body } = await this.client.json<{ pod: Pod }>(peer, 'POST', PEER_PATHS.schedule, input, { headers });
          attempts.push({ node, peer: peer.name, outcome: 'placed' });
          this.remember(key, node);
          // A repeat that finds the pod found what the lost first attempt placed: it is new to the caller.
          return { pod: body.pod, created: status === 201 || attempt > 1, peer: peer.name, attempts };
        } catch (error) {
          lastError = error;
          if (endsPlacement(error)) throw error;
          if (attempt === 1 && retriesSamePeer(error)) continue;
          attempts.push({ node, peer: peer.name, outcome: 'failed', reason: (error as Error).message });
          break;
        }
      }
    }
    const tried = attempts.map((attempt) => `${attempt.peer}: ${attempt.reason ?? attempt.outcome}`).join('; ');
    // One peer's clear answer (a conflict, a refused spec) is worth more than a summary.
    if (attempts.length === 1 && lastError instanceof PeerAnswerError) throw lastError;
    throw new UnschedulableError(`this node cannot fit it and no peer placed it (${tried || 'no peer is available'}).`);
  }

  async list(filter: PodQuery): Promise<{ pods: Pod[]; unreachable: PeerListProblem[] }> {
    const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
    const path = query === '' ? PEER_PATHS.pods : `${PEER_PATHS.pods}?${query}`;
    const unreachable: PeerListProblem[] = this.directory.unavailablePeers().map((state) => ({ peer: state.peer, node: state.node, reason: state.reason }));
    const answers = await Promise.all(
      this.directory.availablePeers().map(async ({ peer, node }) => {
        try {
          return (await this.client.json<{ pods: Pod[] }>(peer, 'GET', path, undefined, { timeoutMs: this.lookupTimeoutMs })).body.pods;
        } catch (error) {
          unreachable.push({ peer: peer.name, node, reason: (error as Error).message });
          return [];
        }
      }),
    );
    return { pods: answers.flat(), unreachable };
  }

  async locate(id: string): Promise<Pod | undefined> {
    const found = await Promise.all(
      this.directory.availablePeers().map(({ peer }) =>
        this.client.json<{ pod: Pod }>(peer, 'GET', PEER_PATHS.pod(id), undefined, { timeoutMs: this.lookupTimeoutMs }).then(
          (answer) => answer.body.pod,
          () => undefined,
        ),
      ),
    );
    return found.find((pod) => pod !== undefined);
  }

  async logs(pod: Pod, options: LogOptions): Promise<AsyncIterable<LogChunk>> {
    const peer = this.owner(pod);
    const { follow, tail, since, limitBytes, stdout, stderr } = options;
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries({ follow, tail, since: since?.toISOString(), limitBytes, stdout, stderr })) {
      if (value !== undefined) query.set(name, String(value));
    }
    const body = await this.client.stream(peer, `${PEER_PATHS.logs(pod.id)}?${query.toString()}`, options.signal);
    return peerLogChunks(peer, body);
  }

  async evict(pod: Pod, reason: string, graceSeconds: number | undefined): Promise<Pod> {
    const body = { id: pod.id, reason, ...(graceSeconds === undefined ? {} : { graceSeconds }) };
    return (await this.client.json<{ pod: Pod }>(this.owner(pod), 'POST', PEER_PATHS.evict, body)).body.pod;
  }

  async taskUpdate(node: string, update: unknown): Promise<unknown> {
    const peer = this.directory.peerOfNode(node);
    if (peer === undefined) throw new PodNotFoundError(`(node ${node})`);
    return (await this.client.json<unknown>(peer, 'POST', PEER_PATHS.taskUpdate, update)).body;
  }

  private owner(pod: Pod): PeerEndpoint {
    const peer = this.directory.peerOfNode(pod.node);
    if (peer === undefined) throw new PeerUnavailableError({ name: pod.node, url: '(unknown)' }, `node '${pod.node}' that runs pod '${pod.id}' is not available now`, 'no');
    return peer;
  }

  private remember(key: string, node: string): void {
    this.placedKeys.delete(key);
    this.placedKeys.set(key, node);
    if (this.placedKeys.size > REMEMBERED_KEYS) this.placedKeys.delete(this.placedKeys.keys().next().value!);
  }
}

/** The peer's SSE log events back as chunks: `log` carries text, `end` ends, `error` throws. */
async function* peerLogChunks(peer: PeerEndpoint, body: ReadableStream<Uint8Array>): AsyncGenerator<LogChunk> {
  for await (const event of readSse(body)) {
    if (event.event === 'log') {
      const { stream, text } = JSON.parse(event.data) as { stream: LogChunk['stream']; text: string };
      yield { stream, data: Buffer.from(text, 'utf8') };
    } else if (event.event === 'end') {
      return;
    } else if (event.event === 'error') {
      const { code, message } = JSON.parse(event.data) as { code: string; message: string };
      throw new PeerAnswerError(peer, 502, code, message);
    }
  }
}
