import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSigningKeyPair } from '../policy/ed25519-key';
import { nodeIdOf } from './peer-identity-key';
import { PeerAuthError, type PeerAuthReason } from './peer-signing-errors';
import {
  PEER_HEADER,
  PEER_NONCE_HEADER,
  PEER_SIGNATURE_HEADER,
  PEER_TIMESTAMP_HEADER,
  PeerRequestVerifier,
  signPeerRequest,
  type PeerRequest,
} from './peer-signing';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

function node(name: string) {
  const pair = generateSigningKeyPair();
  return { name, publicKey: pair.publicKey, signer: { nodeId: nodeIdOf(pair.publicKey), privateKey: pair.privateKeyPem } };
}

const alice = node('alice');
const bob = node('bob');
const mallory = node('mallory');

const schedule: PeerRequest = { method: 'POST', path: '/peer/schedule?idempotencyKey=k1', body: '{"image":"alpine:3.20","cpu":1}' };

function verifierAt(clock: { now: number }, options: { skewMs?: number; maxNonces?: number } = {}) {
  return new PeerRequestVerifier([alice, bob], { ...options, now: () => clock.now });
}

function refusal(run: () => unknown): PeerAuthReason {
  try {
    run();
  } catch (error) {
    if (error instanceof PeerAuthError) {
      expect(error.code).toBe('UNAUTHORIZED');
      return error.reason;
    }
    throw error;
  }
  throw new Error('the request was accepted');
}

describe('signed peer requests', () => {
  it('accepts a request signed by a trusted peer and says which one', () => {
    const clock = { now: T0 };
    const headers = signPeerRequest(schedule, alice.signer, { now: T0 });
    expect(verifierAt(clock).verify(schedule, headers)).toEqual({ nodeId: alice.signer.nodeId, name: 'alice' });
  });

  it('accepts a body given as bytes the same as the same text, and an empty body', () => {
    const clock = { now: T0 };
    const verifier = verifierAt(clock);
    const headers = signPeerRequest(schedule, bob.signer, { now: T0 });
    expect(verifier.verify({ ...schedule, body: Buffer.from(schedule.body as string) }, headers).name).toBe('bob');
    const get = { method: 'GET', path: '/peer/capacity' };
    expect(verifier.verify({ ...get, body: '' }, signPeerRequest(get, bob.signer, { now: T0 })).name).toBe('bob');
  });

  it('refuses a request signed by an unknown key', () => {
    const headers = signPeerRequest(schedule, mallory.signer, { now: T0 });
    expect(refusal(() => verifierAt({ now: T0 }).verify(schedule, headers))).toBe('UNKNOWN_PEER');
  });

  it('refuses an unknown key that claims a trusted node id', () => {
    const headers = signPeerRequest(schedule, { nodeId: alice.signer.nodeId, privateKey: mallory.signer.privateKey }, { now: T0 });
    expect(refusal(() => verifierAt({ now: T0 }).verify(schedule, headers))).toBe('INVALID_PEER_SIGNATURE');
  });

  it('refuses a replayed request, also when replayed later inside the window', () => {
    const clock = { now: T0 };
    const verifier = verifierAt(clock);
    const headers = signPeerRequest(schedule, alice.signer, { now: T0 });
    verifier.verify(schedule, headers);
    expect(refusal(() => verifier.verify(schedule, headers))).toBe('REPLAYED_PEER_REQUEST');
    clock.now = T0 + 60_000;
    expect(refusal(() => verifier.verify(schedule, headers))).toBe('REPLAYED_PEER_REQUEST');
  });

  it('refuses a replay once the window has passed as stale, and has forgotten the nonce by then', () => {
    const clock = { now: T0 };
    const verifier = verifierAt(clock, { skewMs: 60_000 });
    const headers = signPeerRequest(schedule, alice.signer, { now: T0 });
    verifier.verify(schedule, headers);
    clock.now = T0 + 60_001;
    expect(refusal(() => verifier.verify(schedule, headers))).toBe('STALE_PEER_REQUEST');
    // A fresh request after the window triggers the sweep; only its own nonce stays.
    clock.now = T0 + 120_002;
    verifier.verify(schedule, signPeerRequest(schedule, alice.signer, { now: clock.now }));
    expect(verifier['nonces'].size).toBe(1);
  });

  it('keeps nonces of different peers apart', () => {
    const verifier = verifierAt({ now: T0 });
    const nonce = 'same-nonce-for-both-peers';
    verifier.verify(schedule, signPeerRequest(schedule, alice.signer, { now: T0, nonce }));
    expect(verifier.verify(schedule, signPeerRequest(schedule, bob.signer, { now: T0, nonce })).name).toBe('bob');
  });

  it('refuses a stale timestamp, and one from too far in the future', () => {
    const verifier = verifierAt({ now: T0 }, { skewMs: 60_000 });
    expect(refusal(() => verifier.verify(schedule, signPeerRequest(schedule, alice.signer, { now: T0 - 60_001 })))).toBe('STALE_PEER_REQUEST');
    expect(refusal(() => verifier.verify(schedule, signPeerRequest(schedule, alice.signer, { now: T0 + 60_001 })))).toBe('STALE_PEER_REQUEST');
    expect(verifier.verify(schedule, signPeerRequest(schedule, alice.signer, { now: T0 - 60_000 })).name).toBe('alice');
  });

  it('tells the sender to sync clocks when stale', () => {
    const headers = signPeerRequest(schedule, alice.signer, { now: T0 - 5 * 60_000 });
    expect(() => verifierAt({ now: T0 }).verify(schedule, headers)).toThrow(/-300 s .*Sync both clocks/);
  });

  it('refuses a tampered body', () => {
    const headers = signPeerRequest(schedule, alice.signer, { now: T0 });
    const tampered = { ...schedule, body: '{"image":"alpine:3.20","cpu":8}' };
    expect(refusal(() => verifierAt({ now: T0 }).verify(tampered, headers))).toBe('INVALID_PEER_SIGNATURE');
  });

  it('refuses a tampered path or query', () => {
    const headers = signPeerRequest(schedule, alice.signer, { now: T0 });
    const verifier = verifierAt({ now: T0 });
    expect(refusal(() => verifier.verify({ ...schedule, path: '/peer/evict?idempotencyKey=k1' }, headers))).toBe('INVALID_PEER_SIGNATURE');
    expect(refusal(() => verifier.verify({ ...schedule, path: '/peer/schedule?idempotencyKey=k2' }, headers))).toBe('INVALID_PEER_SIGNATURE');
  });

  it('refuses a tampered method, timestamp or nonce header', () => {
    const headers = signPeerRequest(schedule, alice.signer, { now: T0 });
    const verifier = verifierAt({ now: T0 });
    expect(refusal(() => verifier.verify({ ...schedule, method: 'PUT' }, headers))).toBe('INVALID_PEER_SIGNATURE');
    expect(refusal(() => verifier.verify(schedule, { ...headers, [PEER_TIMESTAMP_HEADER]: String(T0 + 1) }))).toBe('INVALID_PEER_SIGNATURE');
    expect(refusal(() => verifier.verify(schedule, { ...headers, [PEER_NONCE_HEADER]: 'another-nonce-of-mine' }))).toBe('INVALID_PEER_SIGNATURE');
  });

  it('does not let a request with a bad signature use up the nonce of a real one', () => {
    const verifier = verifierAt({ now: T0 });
    const headers = signPeerRequest(schedule, alice.signer, { now: T0 });
    expect(refusal(() => verifier.verify({ ...schedule, body: 'x' }, headers))).toBe('INVALID_PEER_SIGNATURE');
    expect(verifier.verify(schedule, headers).name).toBe('alice');
  });

  it('refuses missing, repeated or malformed headers and names the header', () => {
    const headers = signPeerRequest(schedule, alice.signer, { now: T0 });
    const verifier = verifierAt({ now: T0 });
    const { [PEER_SIGNATURE_HEADER]: _dropped, ...unsigned } = headers;
    expect(refusal(() => verifier.verify(schedule, unsigned))).toBe('PEER_HEADERS_INVALID');
    expect(() => verifier.verify(schedule, unsigned)).toThrow(/no vaultplane-peer-signature header/);
    expect(refusal(() => verifier.verify(schedule, { ...headers, [PEER_HEADER]: [headers[PEER_HEADER], headers[PEER_HEADER]] }))).toBe('PEER_HEADERS_INVALID');
    expect(refusal(() => verifier.verify(schedule, { ...headers, [PEER_TIMESTAMP_HEADER]: '12.5' }))).toBe('PEER_HEADERS_INVALID');
    expect(refusal(() => verifier.verify(schedule, { ...headers, [PEER_SIGNATURE_HEADER]: 'AAAA' }))).toBe('INVALID_PEER_SIGNATURE');
  });

  it('refuses when the replay cache is full of live nonces rather than forgetting one', () => {
    const clock = { now: T0 };
    const verifier = verifierAt(clock, { maxNonces: 2 });
    verifier.verify(schedule, signPeerRequest(schedule, alice.signer, { now: T0 }));
    verifier.verify(schedule, signPeerRequest(schedule, alice.signer, { now: T0 }));
    expect(refusal(() => verifier.verify(schedule, signPeerRequest(schedule, alice.signer, { now: T0 })))).toBe('PEER_REPLAY_CACHE_FULL');
    clock.now = T0 + 60_001;
    expect(verifier.verify(schedule, signPeerRequest(schedule, alice.signer, { now: clock.now })).name).toBe('alice');
  });

  it('trusts a replaced set of peers without forgetting nonces', () => {
    const verifier = verifierAt({ now: T0 });
    const headers = signPeerRequest(schedule, alice.signer, { now: T0 });
    verifier.verify(schedule, headers);
    verifier.replaceTrustedPeers([alice, mallory]);
    expect(refusal(() => verifier.verify(schedule, headers))).toBe('REPLAYED_PEER_REQUEST');
    expect(verifier.verify(schedule, signPeerRequest(schedule, mallory.signer, { now: T0 })).name).toBe('mallory');
    expect(refusal(() => verifier.verify(schedule, signPeerRequest(schedule, bob.signer, { now: T0 })))).toBe('UNKNOWN_PEER');
  });

  it('names the trusted peer whose key does not parse, and keeps the old set', () => {
    const verifier = verifierAt({ now: T0 });
    expect(() => verifier.replaceTrustedPeers([{ name: 'carol', publicKey: 'not-a-key' }])).toThrow(/Trusted peer carol/);
    expect(verifier.trustedPeers.map((peer) => peer.name)).toEqual(['alice', 'bob']);
  });

  it('refuses to sign a path or method that could blur the signed fields', () => {
    expect(() => signPeerRequest({ method: 'POST', path: '/a\n/b' }, alice.signer)).toThrow(/percent-encoded/);
    expect(() => signPeerRequest({ method: 'PO ST', path: '/a' }, alice.signer)).toThrow(/method token/);
  });

  it('invalidates the signature on any single-byte change to method, path or body', () => {
    const field = fc.constantFrom('method' as const, 'path' as const, 'body' as const);
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'DELETE'),
        fc.webPath().map((path) => `/${path.replace(/^\/+/, '')}`),
        fc.uint8Array({ maxLength: 64 }),
        field,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (method, path, body, which, at, delta) => {
          const request = { method, path, body: Buffer.from(body) };
          const headers = signPeerRequest(request, alice.signer, { now: T0 });
          const bytes = which === 'body' ? Buffer.from(body) : Buffer.from(request[which], 'latin1');
          if (bytes.length === 0) return;
          const index = at % bytes.length;
          bytes[index] = (bytes[index]! + delta) % 256;
          const tampered =
            which === 'body' ? { ...request, body: bytes } : { ...request, [which]: bytes.toString('latin1') };
          const reason = refusal(() => new PeerRequestVerifier([alice], { now: () => T0 }).verify(tampered, headers));
          expect(reason).toBe('INVALID_PEER_SIGNATURE');
        },
      ),
      { numRuns: 300 },
    );
  });
});
