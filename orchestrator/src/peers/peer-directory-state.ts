import type { NodeCapacity } from '../capacity/node-capacity';

// The per-peer state of the capacity exchange, and when to ask each peer next. Pure: times are
// milliseconds since the epoch, and randomness is passed in (a number in [0, 1)).
//
// pending ──ok──▶ available ──fail──▶ unavailable ──ok──▶ available
//    └────fail────────────────────────────▲   └─fail─┘ (backoff grows)
//
// An available peer is asked again after the interval (± jitter). An unavailable one is retried
// after an exponential backoff (± jitter), never longer than the cap.

export interface PeerBackoff {
  /** Delay before the first retry after a failure. */
  initialMs: number;
  /** Longest delay between retries, jitter included. */
  maxMs: number;
  /** Growth per consecutive failure. */
  factor: number;
}

export interface PeerSchedule {
  intervalMs: number;
  /** Share (0-1) by which each delay varies either way, so peers do not ask in lockstep. */
  jitter: number;
  backoff: PeerBackoff;
}

export const DEFAULT_PEER_SCHEDULE: PeerSchedule = Object.freeze({
  intervalMs: 10_000,
  jitter: 0.2,
  backoff: Object.freeze({ initialMs: 1_000, maxMs: 60_000, factor: 2 }),
});

interface PeerStateBase {
  peer: string;
  url: string;
  /** When the directory asks this peer next. */
  nextCheckAt: number;
}

export type PeerState =
  | (PeerStateBase & { state: 'pending' })
  | (PeerStateBase & { state: 'available'; node: string; capacity: NodeCapacity; checkedAt: number })
  | (PeerStateBase & {
      state: 'unavailable';
      reason: string;
      /** Failures in a row; the backoff grows with it. */
      failures: number;
      /** When the peer last failed. */
      checkedAt: number;
      /** The last capacity seen, for display; it is not offered to the scheduler. */
      lastCapacity?: { node: string; capacity: NodeCapacity; checkedAt: number } | undefined;
    });

/** Throws an Error saying what to change when the schedule cannot work. */
export function validatePeerSchedule(schedule: PeerSchedule): PeerSchedule {
  const { intervalMs, jitter, backoff } = schedule;
  if (!(Number.isFinite(intervalMs) && intervalMs > 0)) throw new Error(`Peer capacity interval ${intervalMs} ms must be a positive number of milliseconds, e.g. 10000`);
  if (!(jitter >= 0 && jitter < 1)) throw new Error(`Peer jitter ${jitter} must be at least 0 and below 1, e.g. 0.2 for ±20 %`);
  if (!(Number.isFinite(backoff.initialMs) && backoff.initialMs > 0)) throw new Error(`Peer backoff initialMs ${backoff.initialMs} must be a positive number of milliseconds, e.g. 1000`);
  if (!(Number.isFinite(backoff.maxMs) && backoff.maxMs >= backoff.initialMs)) throw new Error(`Peer backoff maxMs ${backoff.maxMs} must be at least initialMs (${backoff.initialMs})`);
  if (!(Number.isFinite(backoff.factor) && backoff.factor >= 1)) throw new Error(`Peer backoff factor ${backoff.factor} must be 1 or more, e.g. 2`);
  return schedule;
}

/** `delayMs` moved by up to ±jitter of itself; `random` in [0, 1). */
export function withJitter(delayMs: number, jitter: number, random: number): number {
  return delayMs * (1 + jitter * (2 * random - 1));
}

/** Delay before retrying after `failures` failures in a row (1 = the first failure). */
export function backoffDelay(failures: number, schedule: PeerSchedule, random: number): number {
  const { initialMs, maxMs, factor } = schedule.backoff;
  const exponent = Math.max(0, failures - 1);
  // Capped before jitter too, so a long outage does not overflow to Infinity.
  const raw = Math.min(maxMs, initialMs * factor ** exponent);
  return Math.min(maxMs, withJitter(raw, schedule.jitter, random));
}

/** A peer never asked yet: due at once. */
export function pendingPeer(peer: string, url: string, now: number): PeerState {
  return { peer, url, state: 'pending', nextCheckAt: now };
}

export function peerAnswered(state: PeerState, answer: { node: string; capacity: NodeCapacity }, now: number, schedule: PeerSchedule, random: number): PeerState {
  return {
    peer: state.peer,
    url: state.url,
    state: 'available',
    node: answer.node,
    capacity: answer.capacity,
    checkedAt: now,
    nextCheckAt: now + withJitter(schedule.intervalMs, schedule.jitter, random),
  };
}

export function peerFailed(state: PeerState, reason: string, now: number, schedule: PeerSchedule, random: number): PeerState {
  const failures = state.state === 'unavailable' ? state.failures + 1 : 1;
  const lastCapacity =
    state.state === 'available'
      ? { node: state.node, capacity: state.capacity, checkedAt: state.checkedAt }
      : state.state === 'unavailable'
        ? state.lastCapacity
        : undefined;
  return {
    peer: state.peer,
    url: state.url,
    state: 'unavailable',
    reason,
    failures,
    checkedAt: now,
    lastCapacity,
    nextCheckAt: now + backoffDelay(failures, schedule, random),
  };
}

/** Whether the change is worth telling a listener: the state kind or the reason changed. */
export function peerStateChanged(before: PeerState, after: PeerState): boolean {
  if (before.state !== after.state) return true;
  return before.state === 'unavailable' && after.state === 'unavailable' && before.reason !== after.reason;
}

/**
 * The available peers the scheduler may place on, in the given order. A node name seen twice
 * (two URLs of one machine, or a peer that is this node) is offered once, or not at all when it
 * is `localNode`, so nothing is counted twice.
 */
export function candidatePeers(states: readonly PeerState[], localNode?: string | undefined): Array<Extract<PeerState, { state: 'available' }>> {
  const seen = new Set<string>(localNode === undefined ? [] : [localNode]);
  const candidates: Array<Extract<PeerState, { state: 'available' }>> = [];
  for (const state of states) {
    if (state.state !== 'available' || seen.has(state.node)) continue;
    seen.add(state.node);
    candidates.push(state);
  }
  return candidates;
}
