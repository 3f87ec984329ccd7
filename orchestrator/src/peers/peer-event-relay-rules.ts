import { z } from 'zod';
import type { OrchestratorEvent } from '../service/pod-events';
import { backoffDelay, type PeerSchedule, type PeerState } from './peer-directory-state';

// The pure side of relaying peers' pod events onto this node's bus (peer-event-relay.ts does the
// HTTP): which events a node offers its peers, how an event from a peer is checked and tagged
// with its node, when to reconnect, and which subscriptions to open or close. Pure.

/** The pod lifecycle events a node offers its peers; engine, policy and task events stay local. */
export const RELAYED_EVENT_TYPES = ['pod', 'scheduled', 'evicted', 'expired'] as const;

export type PodLifecycleEvent = Extract<OrchestratorEvent, { type: (typeof RELAYED_EVENT_TYPES)[number] }>;

/**
 * An event this node may offer on /peer/events: a pod lifecycle event of its own. One carrying a
 * `node` came from a peer and is never passed on, so events cannot loop between nodes.
 */
export function isOwnPodEvent(event: OrchestratorEvent): event is PodLifecycleEvent {
  return (RELAYED_EVENT_TYPES as readonly string[]).includes(event.type) && (event as { node?: unknown }).node === undefined;
}

const common = {
  podId: z.string().min(1),
  name: z.string().min(1),
  namespace: z.string().min(1),
  task: z.string().nullable(),
  time: z.string().min(1),
};
const ACTIONS = ['create', 'start', 'die', 'stop', 'kill', 'oom', 'destroy', 'pause', 'unpause', 'restart', 'rename', 'update'] as const;

// What a peer may send; unknown fields are dropped so nothing unchecked reaches our listeners.
const PeerPodEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pod'), action: z.enum(ACTIONS), exitCode: z.number().int().nullable(), owner: z.string().nullable(), ...common }),
  z.object({ type: z.enum(['scheduled', 'evicted', 'expired']), ...common }),
]);

export type TaggedEvent = { ok: true; event: PodLifecycleEvent } | { ok: false; reason: string };

/** A peer's SSE `data` as an event of `node`; refused (with why) when it is not a pod event we know. */
export function tagPeerEvent(data: string, node: string): TaggedEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { ok: false, reason: `an event that is not JSON (${data.slice(0, 80)})` };
  }
  const checked = PeerPodEventSchema.safeParse(parsed);
  if (!checked.success) return { ok: false, reason: `an event that is not a pod event (${checked.error.issues[0]?.message ?? 'invalid'})` };
  // The node is ours to say: the peer we subscribed to is where the pod runs.
  return { ok: true, event: { ...checked.data, node } as PodLifecycleEvent };
}

/** A change of a peer's state in the directory, as the event GET /events carries. */
export function peerStateEvent(state: PeerState, time: Date): Extract<OrchestratorEvent, { type: 'peer' }> | undefined {
  if (state.state === 'available') return { type: 'peer', peer: state.peer, node: state.node, state: 'available', time: time.toISOString() };
  if (state.state === 'unavailable') return { type: 'peer', peer: state.peer, node: state.lastCapacity?.node ?? null, state: 'unavailable', reason: state.reason, time: time.toISOString() };
  return undefined;
}

/** How often /peer/events says it is alive; a subscriber hearing nothing for 3 × this reconnects. */
export const DEFAULT_PEER_EVENT_HEARTBEAT_MS = 15_000;

/** Reconnecting to a peer's event stream: 0.5 s doubling to 30 s, ±20 %. */
export const RELAY_RECONNECT: PeerSchedule = Object.freeze({
  intervalMs: 30_000,
  jitter: 0.2,
  backoff: Object.freeze({ initialMs: 500, maxMs: 30_000, factor: 2 }),
});

/** Wait before reconnecting after `failures` broken or refused streams in a row (1 = the first). */
export function relayReconnectDelay(failures: number, random: number, schedule: PeerSchedule = RELAY_RECONNECT): number {
  return backoffDelay(failures, schedule, random);
}

/** One peer stream to follow; a subscription is the same while all three are. */
export interface RelayTarget {
  peer: string;
  url: string;
  node: string;
}

export function relayKey(target: RelayTarget): string {
  return `${target.peer}\u0000${target.url}\u0000${target.node}`;
}

/** Which subscriptions to open and which to close so that exactly the candidate peers are followed. */
export function relayPlan(running: Iterable<string>, candidates: readonly RelayTarget[]): { open: RelayTarget[]; close: string[] } {
  const current = new Set(running);
  const wanted = new Map(candidates.map((target) => [relayKey(target), target]));
  return {
    open: [...wanted].filter(([key]) => !current.has(key)).map(([, target]) => target),
    close: [...current].filter((key) => !wanted.has(key)),
  };
}
