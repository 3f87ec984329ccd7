import { describe, expect, it } from 'vitest';
import { PeerAnswerError, PeerUnavailableError } from './peer-client';
import { endsPlacement, peerTryOrder, retriesSamePeer } from './peer-placement';

const peer = { name: 'bravo', url: 'http://127.0.0.1:9' };

describe('forwarded placement rules', () => {
  const steps = [
    { node: 'bravo', local: false, score: 80 },
    { node: 'charlie', local: false, score: 60 },
  ];

  it('tries the peers best first', () => {
    expect(peerTryOrder(steps, undefined)).toEqual(['bravo', 'charlie']);
  });

  it('goes back first to the node that already placed this key, even when it no longer ranks', () => {
    expect(peerTryOrder(steps, 'charlie')).toEqual(['charlie', 'bravo']);
    expect(peerTryOrder(steps, 'delta')).toEqual(['delta', 'bravo', 'charlie']);
  });

  it('never lists this node among the peers', () => {
    expect(peerTryOrder([{ node: 'alpha', local: true, score: 90 }, ...steps], undefined)).toEqual(['bravo', 'charlie']);
  });

  it('asks the same peer again only when the answer, not the request, may have been lost', () => {
    expect(retriesSamePeer(new PeerUnavailableError(peer, 'socket closed', 'unknown'))).toBe(true);
    expect(retriesSamePeer(new PeerUnavailableError(peer, 'ECONNREFUSED', 'no'))).toBe(false);
    expect(retriesSamePeer(new PeerAnswerError(peer, 422, 'unschedulable', 'full'))).toBe(false);
    expect(retriesSamePeer(new Error('anything else'))).toBe(false);
  });

  it('stops at a peer that holds the key for another spec, instead of placing the changed spec elsewhere', () => {
    expect(endsPlacement(new PeerAnswerError(peer, 422, 'idempotency_conflict', 'key used for another spec'))).toBe(true);
    expect(endsPlacement(new PeerAnswerError(peer, 422, 'unschedulable', 'full'))).toBe(false);
    expect(endsPlacement(new PeerUnavailableError(peer, 'ECONNREFUSED', 'no'))).toBe(false);
  });
});
