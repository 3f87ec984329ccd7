import { createHash, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { ED25519_SIGNATURE_BYTES, parseEd25519PrivateKey, parseEd25519PublicKey } from '../policy/ed25519-key';
import { NODE_ID, nodeIdOf } from './peer-identity-key';
import { PeerAuthError } from './peer-signing-errors';
import { PeerReplayCache } from './peer-signing-replay-cache';

// Signed requests between orchestrators. The sender signs, with its node key (peer-identity.ts):
//
//   vaultplane-peer-v1 \n METHOD \n /path?query \n hex SHA-256 of the body \n timestamp \n nonce \n node id
//
// exactly as sent (method case, path and query bytes untouched; an empty body hashes ""), and
// sends the four headers below. The receiver looks the node id up among the peers it trusts,
// checks the timestamp is within the skew window, the signature, and that the nonce was not seen
// inside the window. Fields cannot run into each other: none may hold whitespace or control
// characters, and the formats of the last four are fixed.

export const PEER_HEADER = 'vaultplane-peer';
export const PEER_TIMESTAMP_HEADER = 'vaultplane-peer-timestamp';
export const PEER_NONCE_HEADER = 'vaultplane-peer-nonce';
export const PEER_SIGNATURE_HEADER = 'vaultplane-peer-signature';

export const DEFAULT_PEER_SKEW_MS = 60_000;

const SIGNING_VERSION = 'vaultplane-peer-v1';
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PATH = /^\/[\x21-\x7e]*$/;
const TIMESTAMP = /^\d{1,15}$/;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const SIGNATURE = /^[A-Za-z0-9+/_-]+={0,2}$/;

export interface PeerRequest {
  method: string;
  /** The request target as sent: path and query, e.g. `/peer/schedule?dryRun=1`. */
  path: string;
  body?: string | Uint8Array | undefined;
}

// A type, not an interface, so it can be passed wherever headers (a string record) go.
export type PeerRequestHeaders = {
  [PEER_HEADER]: string;
  [PEER_TIMESTAMP_HEADER]: string;
  [PEER_NONCE_HEADER]: string;
  [PEER_SIGNATURE_HEADER]: string;
};

export interface PeerSigner {
  nodeId: string;
  /** KeyObject, PKCS#8 PEM or base64 seed. */
  privateKey: KeyObject | string;
}

/** The text that is signed; exported so other implementations can be checked against it. */
export function peerSigningText(request: PeerRequest, timestamp: string, nonce: string, nodeId: string): string {
  return [SIGNING_VERSION, request.method, request.path, bodySha256(request.body), timestamp, nonce, nodeId].join('\n');
}

/** Headers that authenticate `request` as coming from `signer`. `now` and `nonce` are for tests. */
export function signPeerRequest(request: PeerRequest, signer: PeerSigner, options: { now?: number; nonce?: string } = {}): PeerRequestHeaders {
  if (!METHOD.test(request.method)) throw new Error(`Cannot sign method '${request.method}': use an HTTP method token such as GET or POST`);
  if (!PATH.test(request.path)) throw new Error(`Cannot sign path '${request.path}': send a percent-encoded path starting with '/'`);
  if (!NODE_ID.test(signer.nodeId)) throw new Error(`Node id '${signer.nodeId}' is not one; use nodeIdOf(publicKey)`);
  const nonce = options.nonce ?? randomBytes(18).toString('base64url');
  if (!NONCE.test(nonce)) throw new Error('A nonce is 16 to 64 base64url characters');
  const timestamp = String(Math.floor(options.now ?? Date.now()));
  const key = parseEd25519PrivateKey(signer.privateKey);
  const signature = sign(null, Buffer.from(peerSigningText(request, timestamp, nonce, signer.nodeId), 'utf8'), key);
  return {
    [PEER_HEADER]: signer.nodeId,
    [PEER_TIMESTAMP_HEADER]: timestamp,
    [PEER_NONCE_HEADER]: nonce,
    [PEER_SIGNATURE_HEADER]: signature.toString('base64'),
  };
}

/** A peer this node accepts requests from. */
export interface TrustedPeer {
  /** For logs and the ACL; the node id is always derived from the key. */
  name?: string | undefined;
  /** PEM, or base64 of the raw 32-byte key (what the peer's shareableIdentity gives). */
  publicKey: string;
}

export interface VerifiedPeer {
  nodeId: string;
  name: string | undefined;
}

export interface PeerVerifierOptions {
  /** How far a timestamp may be from this node's clock, either way (default 60 s). */
  skewMs?: number;
  /** Bound on remembered nonces (default 100 000). */
  maxNonces?: number;
  now?: () => number;
}

type HeaderValue = string | readonly string[] | undefined;

/**
 * Checks incoming peer requests. Holds the trusted keys and the replay cache, so keep one per
 * process and change the trusted set with replaceTrustedPeers (a new verifier forgets nonces).
 */
export class PeerRequestVerifier {
  private peers = new Map<string, { name: string | undefined; key: KeyObject }>();
  private readonly skewMs: number;
  private readonly now: () => number;
  private readonly nonces: PeerReplayCache;

  /** Throws an Error naming the entry when a trusted key does not parse. */
  constructor(trusted: readonly TrustedPeer[], options: PeerVerifierOptions = {}) {
    this.replaceTrustedPeers(trusted);
    this.skewMs = options.skewMs ?? DEFAULT_PEER_SKEW_MS;
    this.now = options.now ?? Date.now;
    this.nonces = new PeerReplayCache(this.skewMs, options.maxNonces);
  }

  /** Swaps the trusted set whole (e.g. on config reload); on a bad key it throws and keeps the old set. */
  replaceTrustedPeers(trusted: readonly TrustedPeer[]): void {
    const peers = new Map<string, { name: string | undefined; key: KeyObject }>();
    for (const [index, peer] of trusted.entries()) {
      let key: KeyObject;
      try {
        key = parseEd25519PublicKey(peer.publicKey);
      } catch (error) {
        throw new Error(`Trusted peer ${peer.name ?? `#${index + 1}`} has an unusable public key: ${(error as Error).message}. Paste the publicKey its node identity shows.`, {
          cause: error,
        });
      }
      peers.set(nodeIdOf(key), { name: peer.name, key });
    }
    this.peers = peers;
  }

  /** The trusted node ids and names, e.g. for the ACL and for logs. */
  get trustedPeers(): VerifiedPeer[] {
    return [...this.peers].map(([nodeId, peer]) => ({ nodeId, name: peer.name }));
  }

  /**
   * Returns the peer that signed the request, or throws PeerAuthError (reason: PEER_HEADERS_INVALID,
   * UNKNOWN_PEER, STALE_PEER_REQUEST, INVALID_PEER_SIGNATURE, REPLAYED_PEER_REQUEST, PEER_REPLAY_CACHE_FULL).
   * `headers` as node:http gives them (lower-case names).
   */
  verify(request: PeerRequest, headers: Readonly<Record<string, HeaderValue>>): VerifiedPeer {
    const nodeId = single(headers, PEER_HEADER, NODE_ID);
    const peer = this.peers.get(nodeId);
    if (peer === undefined) {
      throw new PeerAuthError(
        'UNKNOWN_PEER',
        `Node '${nodeId}' is not a trusted peer here. Add its public key (from its node identity) to this node's trusted peers, then retry.`,
        nodeId,
      );
    }
    const timestamp = single(headers, PEER_TIMESTAMP_HEADER, TIMESTAMP);
    const nonce = single(headers, PEER_NONCE_HEADER, NONCE);
    const signature = single(headers, PEER_SIGNATURE_HEADER, SIGNATURE);
    const name = peer.name ?? nodeId;

    const now = this.now();
    const offset = Number(timestamp) - now;
    if (Math.abs(offset) > this.skewMs) {
      throw new PeerAuthError(
        'STALE_PEER_REQUEST',
        `The request from peer '${name}' is stamped ${Math.round(offset / 1000)} s from this node's clock, more than the ` +
          `${this.skewMs / 1000} s allowed. Sync both clocks (NTP) and send a freshly signed request.`,
        nodeId,
      );
    }

    const bytes = Buffer.from(signature, 'base64');
    const valid =
      bytes.length === ED25519_SIGNATURE_BYTES &&
      METHOD.test(request.method) &&
      PATH.test(request.path) &&
      verify(null, Buffer.from(peerSigningText(request, timestamp, nonce, nodeId), 'utf8'), peer.key, bytes);
    if (!valid) {
      throw new PeerAuthError(
        'INVALID_PEER_SIGNATURE',
        `The signature of peer '${name}' does not match this request: its method, path, body or headers changed after signing, ` +
          'or it was signed with another key. Sign exactly what is sent with the node key, and check no proxy rewrites the request.',
        nodeId,
      );
    }

    // Only after the signature holds, so nobody else can fill the cache or burn a peer's nonces.
    const outcome = this.nonces.remember(nodeId, nonce, Number(timestamp), now);
    if (outcome === 'replayed') {
      throw new PeerAuthError(
        'REPLAYED_PEER_REQUEST',
        `Peer '${name}' already sent a request with nonce '${nonce}'; this is a replay. Sign every request with a new nonce.`,
        nodeId,
      );
    }
    if (outcome === 'full') {
      throw new PeerAuthError(
        'PEER_REPLAY_CACHE_FULL',
        `This node is holding the most peer requests it can check for replays within ${this.skewMs / 1000} s; retry in a few seconds.`,
        nodeId,
      );
    }
    return { nodeId, name: peer.name };
  }
}

function single(headers: Record<string, HeaderValue>, name: string, format: RegExp): string {
  const value = headers[name];
  if (typeof value !== 'string' || !format.test(value)) {
    throw new PeerAuthError(
      'PEER_HEADERS_INVALID',
      `The peer request has ${value === undefined ? 'no' : 'a malformed'} ${name} header (sent once). ` +
        'Sign peer requests with signPeerRequest, which sets all four Vaultplane-Peer headers.',
    );
  }
  return value;
}

function bodySha256(body: PeerRequest['body']): string {
  return createHash('sha256')
    .update(body ?? '')
    .digest('hex');
}
