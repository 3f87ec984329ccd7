import { describe, expect, it } from 'vitest';
import type { NodeCapacity } from '../capacity/node-capacity';
import {
  DEFAULT_PEER_SCHEDULE,
  backoffDelay,
  candidatePeers,
  peerAnswered,
  peerFailed,
  peerStateChanged,
  pendingPeer,
  validatePeerSchedule,
  withJitter,
  type PeerSchedule,
  type PeerState,
} from './peer-directory-state';

const schedule: PeerSchedule = { intervalMs: 10_000, jitter: 0.2, backoff: { initialMs: 1_000, maxMs: 30_000, factor: 2 } };
const MIDDLE = 0.5; // random() that gives no jitter

function capacity(node: string, cpu = 4): NodeCapacity {
  return {
    node,
    total: { cpu, memoryMb: 8192, gpus: 0 },
    reserved: { cpu: 0, memoryMb: 0, gpus: 0 },
    available: { cpu, memoryMb: 8192, gpus: 0 },
    pods: 0,
    gpuDevices: [],
    disk: undefined,
  };
}

const answer = (node: string) => ({ node, capacity: capacity(node) });

describe('jitter and backoff', () => {
  it('moves a delay by at most the jitter share either way', () => {
    expect(withJitter(10_000, 0.2, 0)).toBe(8_000);
    expect(withJitter(10_000, 0.2, MIDDLE)).toBe(10_000);
    expect(withJitter(10_000, 0.2, 0.999999)).toBeCloseTo(12_000, 0);
    expect(withJitter(10_000, 0, 0.9)).toBe(10_000);
  });

  it('doubles the retry delay with each failure in a row and never waits longer than the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((failures) => backoffDelay(failures, schedule, MIDDLE));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('keeps the cap even when the jitter would push past it, and survives a very long outage', () => {
    expect(backoffDelay(20, schedule, 0.999)).toBe(30_000);
    expect(backoffDelay(5_000, schedule, 0)).toBe(24_000);
    expect(Number.isFinite(backoffDelay(5_000, schedule, MIDDLE))).toBe(true);
  });

  it('spreads retries of peers that failed together', () => {
    const delays = new Set([0, 0.25, 0.5, 0.75].map((random) => backoffDelay(2, schedule, random)));
    expect(delays.size).toBe(4);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(1_600);
      expect(delay).toBeLessThanOrEqual(2_400);
    }
  });

  it('refuses schedules that cannot work, saying what to change', () => {
    expect(() => validatePeerSchedule({ ...schedule, intervalMs: 0 })).toThrow(/interval 0 ms must be a positive/);
    expect(() => validatePeerSchedule({ ...schedule, jitter: 1 })).toThrow(/jitter 1 must be at least 0 and below 1/);
    expect(() => validatePeerSchedule({ ...schedule, backoff: { initialMs: 5_000, maxMs: 1_000, factor: 2 } })).toThrow(/maxMs 1000 must be at least initialMs/);
    expect(() => validatePeerSchedule({ ...schedule, backoff: { initialMs: 1_000, maxMs: 2_000, factor: 0.5 } })).toThrow(/factor 0.5 must be 1 or more/);
    expect(validatePeerSchedule(DEFAULT_PEER_SCHEDULE)).toBe(DEFAULT_PEER_SCHEDULE);
  });
});

describe('peer state transitions', () => {
  const start = pendingPeer('bravo', 'http://bravo:8080', 1_000);

  it('asks a new peer at once', () => {
    expect(start).toEqual({ peer: 'bravo', url: 'http://bravo:8080', state: 'pending', nextCheckAt: 1_000 });
  });

  it('makes a peer that answered available and asks it again after the interval', () => {
    const state = peerAnswered(start, answer('bravo-node'), 2_000, schedule, MIDDLE);
    expect(state).toMatchObject({ state: 'available', node: 'bravo-node', checkedAt: 2_000, nextCheckAt: 12_000 });
  });

  it('counts failures in a row, backs off further each time, and remembers the last capacity', () => {
    const available = peerAnswered(start, answer('bravo-node'), 2_000, schedule, MIDDLE);
    const first = peerFailed(available, 'connection refused', 12_000, schedule, MIDDLE);
    expect(first).toMatchObject({ state: 'unavailable', reason: 'connection refused', failures: 1, nextCheckAt: 13_000 });
    const second = peerFailed(first, 'connection refused', 13_000, schedule, MIDDLE);
    expect(second).toMatchObject({ failures: 2, nextCheckAt: 15_000 });
    expect(second.state === 'unavailable' && second.lastCapacity).toEqual({ node: 'bravo-node', capacity: capacity('bravo-node'), checkedAt: 2_000 });
  });

  it('starts the failure count over when a peer comes back', () => {
    let state: PeerState = start;
    for (let at = 1; at <= 4; at++) state = peerFailed(state, 'timeout', at * 1_000, schedule, MIDDLE);
    expect(state).toMatchObject({ failures: 4 });
    state = peerAnswered(state, answer('bravo-node'), 40_000, schedule, MIDDLE);
    expect(state.state).toBe('available');
    state = peerFailed(state, 'timeout', 50_000, schedule, MIDDLE);
    expect(state).toMatchObject({ failures: 1, nextCheckAt: 51_000 });
  });

  it('tells listeners about changes of availability or reason, not about every ask', () => {
    const available = peerAnswered(start, answer('n'), 1, schedule, MIDDLE);
    const again = peerAnswered(available, answer('n'), 2, schedule, MIDDLE);
    const down = peerFailed(again, 'refused', 3, schedule, MIDDLE);
    const stillDown = peerFailed(down, 'refused', 4, schedule, MIDDLE);
    const otherReason = peerFailed(stillDown, 'timeout', 5, schedule, MIDDLE);
    expect(peerStateChanged(start, available)).toBe(true);
    expect(peerStateChanged(available, again)).toBe(false);
    expect(peerStateChanged(again, down)).toBe(true);
    expect(peerStateChanged(down, stillDown)).toBe(false);
    expect(peerStateChanged(stillDown, otherReason)).toBe(true);
  });
});

describe('candidate peers', () => {
  const up = (peer: string, node: string) => peerAnswered(pendingPeer(peer, `http://${peer}:8080`, 0), answer(node), 0, schedule, MIDDLE);
  const down = (peer: string) => peerFailed(pendingPeer(peer, `http://${peer}:8080`, 0), 'refused', 0, schedule, MIDDLE);

  it('offers only peers that answered, in order', () => {
    const candidates = candidatePeers([up('b', 'bravo'), down('c'), pendingPeer('d', 'http://d:8080', 0), up('e', 'echo')]);
    expect(candidates.map((state) => state.node)).toEqual(['bravo', 'echo']);
  });

  it('offers a node reached under two URLs once, and never this node itself', () => {
    const candidates = candidatePeers([up('b1', 'bravo'), up('b2', 'bravo'), up('self', 'alpha'), up('c', 'charlie')], 'alpha');
    expect(candidates.map((state) => state.peer)).toEqual(['b1', 'c']);
  });
});
