import { describe, expect, it } from 'vitest';
import type { OrchestratorEvent } from '../service/pod-events';
import type { PeerState } from './peer-directory-state';
import { isOwnPodEvent, peerStateEvent, relayKey, relayPlan, relayReconnectDelay, tagPeerEvent } from './peer-event-relay-rules';

const DIE: OrchestratorEvent = { type: 'pod', action: 'die', podId: 'job-1', name: 'job', namespace: 'ml', task: null, exitCode: 0, owner: null, time: '2026-11-25T03:00:00.000Z' };
const CAPACITY = { cpu: 2, memoryMb: 4096 } as never;

describe('which events a node offers its peers', () => {
  it('offers its own pod lifecycle events', () => {
    expect(isOwnPodEvent(DIE)).toBe(true);
    expect(isOwnPodEvent({ type: 'scheduled', podId: 'p', name: 'n', namespace: 'default', task: null, time: DIE.time })).toBe(true);
  });

  it('never passes on an event it got from a peer, so events cannot loop between nodes', () => {
    expect(isOwnPodEvent({ ...DIE, node: 'bravo' })).toBe(false);
  });

  it('keeps engine, policy, task and peer events to itself', () => {
    expect(isOwnPodEvent({ type: 'engine', state: 'unavailable', time: DIE.time })).toBe(false);
    expect(isOwnPodEvent({ type: 'task', feature: 'f', taskId: 'T1', done: true, line: 3, time: DIE.time })).toBe(false);
    expect(isOwnPodEvent({ type: 'peer', peer: 'bravo', node: 'bravo', state: 'available', time: DIE.time })).toBe(false);
  });
});

describe('an event from a peer', () => {
  it('is tagged with the node of the peer it came from', () => {
    expect(tagPeerEvent(JSON.stringify(DIE), 'bravo')).toEqual({ ok: true, event: { ...DIE, node: 'bravo' } });
  });

  it('cannot claim another node, nor smuggle in fields we do not know', () => {
    const tagged = tagPeerEvent(JSON.stringify({ ...DIE, node: 'charlie', extra: 'x' }), 'bravo');
    expect(tagged).toEqual({ ok: true, event: { ...DIE, node: 'bravo' } });
  });

  it('is refused, with why, when it is not JSON or not a pod event', () => {
    expect(tagPeerEvent('not json', 'bravo')).toMatchObject({ ok: false, reason: expect.stringMatching(/not JSON/) });
    expect(tagPeerEvent(JSON.stringify({ type: 'engine', state: 'available', time: DIE.time }), 'bravo')).toMatchObject({ ok: false, reason: expect.stringMatching(/not a pod event/) });
    expect(tagPeerEvent(JSON.stringify({ ...DIE, action: 'explode' }), 'bravo')).toMatchObject({ ok: false });
  });
});

describe('peer state changes as events', () => {
  const time = new Date('2026-11-25T03:00:00.000Z');
  const available: PeerState = { peer: 'bravo', url: 'http://b:1', state: 'available', node: 'bravo-node', capacity: CAPACITY, checkedAt: 0, nextCheckAt: 0 };

  it('says which peer came or went, with its node and why', () => {
    expect(peerStateEvent(available, time)).toEqual({ type: 'peer', peer: 'bravo', node: 'bravo-node', state: 'available', time: time.toISOString() });
    const gone: PeerState = { peer: 'bravo', url: 'http://b:1', state: 'unavailable', reason: 'ECONNREFUSED', failures: 1, checkedAt: 0, nextCheckAt: 0, lastCapacity: { node: 'bravo-node', capacity: CAPACITY, checkedAt: 0 } };
    expect(peerStateEvent(gone, time)).toEqual({ type: 'peer', peer: 'bravo', node: 'bravo-node', state: 'unavailable', reason: 'ECONNREFUSED', time: time.toISOString() });
  });

  it('names no node for a peer that never answered, and says nothing of one not asked yet', () => {
    const never: PeerState = { peer: 'bravo', url: 'http://b:1', state: 'unavailable', reason: 'refused', failures: 1, checkedAt: 0, nextCheckAt: 0 };
    expect(peerStateEvent(never, time)?.node).toBeNull();
    expect(peerStateEvent({ peer: 'bravo', url: 'http://b:1', state: 'pending', nextCheckAt: 0 }, time)).toBeUndefined();
  });
});

describe('reconnecting', () => {
  it('waits longer after each broken stream in a row, up to a cap', () => {
    const middle = 0.5; // no jitter either way
    expect([1, 2, 3, 4].map((failures) => relayReconnectDelay(failures, middle))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(relayReconnectDelay(50, middle)).toBe(30_000);
    expect(relayReconnectDelay(50, 0.999)).toBeLessThanOrEqual(30_000);
  });

  it('varies the wait so nodes do not reconnect in lockstep', () => {
    expect(relayReconnectDelay(1, 0)).toBe(400);
    expect(relayReconnectDelay(1, 0.75)).toBe(550);
  });
});

describe('which peers to follow', () => {
  const bravo = { peer: 'bravo', url: 'http://b:1', node: 'bravo-node' };
  const charlie = { peer: 'charlie', url: 'http://c:1', node: 'charlie-node' };

  it('opens a stream to each new candidate and closes those of peers that left', () => {
    expect(relayPlan([], [bravo, charlie])).toEqual({ open: [bravo, charlie], close: [] });
    expect(relayPlan([relayKey(bravo), relayKey(charlie)], [charlie])).toEqual({ open: [], close: [relayKey(bravo)] });
  });

  it('leaves a stream alone while its peer stays, and replaces it when the peer moved', () => {
    expect(relayPlan([relayKey(bravo)], [bravo])).toEqual({ open: [], close: [] });
    const moved = { ...bravo, url: 'http://b:2' };
    expect(relayPlan([relayKey(bravo)], [moved])).toEqual({ open: [moved], close: [relayKey(bravo)] });
  });
});
