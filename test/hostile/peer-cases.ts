// Peer requests that must not pass the signature check: an exact replay of a request a real
// PeerDirectory signed, the same signature moved to another method, path, body or time, stale and
// future stamps, unknown and impostor nodes, and headers that are missing, doubled or garbage.
import { randomBytes } from 'node:crypto';
import {
  PEER_HEADER,
  PEER_NONCE_HEADER,
  PEER_SIGNATURE_HEADER,
  PEER_TIMESTAMP_HEADER,
  signPeerRequest,
  type PeerRequestHeaders,
  type PeerSigner,
} from '../../orchestrator/src/peers/peer-signing';

export interface PeerContext {
  /** Headers of a GET /health a real PeerDirectory signed and the gate already accepted. */
  captured: PeerRequestHeaders;
  trusted: PeerSigner;
  /** A second trusted node. */
  otherTrusted: PeerSigner;
  /** A node the gate does not trust. */
  stranger: PeerSigner;
  now: number;
}

export interface PeerCase {
  name: string;
  request: (ctx: PeerContext) => { method: string; path: string; headers: Record<string, string | string[]>; body?: string };
  error: RegExp;
}

const REPLAY = /this is a replay/;
const INVALID = /does not match this request/;
const STALE = /more than the 60 s allowed/;
const HEADERS = /Vaultplane-Peer headers/;
const UNKNOWN = /is not a trusted peer here/;
const FIVE_MINUTES = 5 * 60_000;

const health = (headers: Record<string, string | string[]>) => ({ method: 'GET', path: '/health', headers });
const fresh = (signer: PeerSigner, now: number, request = { method: 'GET', path: '/health' }) => signPeerRequest(request, signer, { now });

export const PEER_CASES: readonly PeerCase[] = [
  { name: 'exact replay of a captured request', request: (ctx) => health({ ...ctx.captured }), error: REPLAY },
  { name: 'replay, second time', request: (ctx) => health({ ...ctx.captured }), error: REPLAY },
  { name: 'replay with a new timestamp', request: (ctx) => health({ ...ctx.captured, [PEER_TIMESTAMP_HEADER]: String(ctx.now) }), error: INVALID },
  { name: 'replay with a new nonce', request: (ctx) => health({ ...ctx.captured, [PEER_NONCE_HEADER]: randomBytes(18).toString('base64url') }), error: INVALID },
  { name: 'replay against another path', request: (ctx) => ({ method: 'GET', path: '/pods', headers: { ...ctx.captured } }), error: INVALID },
  { name: 'replay with a query added', request: (ctx) => ({ method: 'GET', path: '/health?evict=all', headers: { ...ctx.captured } }), error: INVALID },
  { name: 'replay as a POST with a body', request: (ctx) => ({ method: 'POST', path: '/health', headers: { ...ctx.captured }, body: '{"privileged":true}' }), error: INVALID },
  { name: 'replay claiming another trusted node', request: (ctx) => health({ ...ctx.captured, [PEER_HEADER]: ctx.otherTrusted.nodeId }), error: INVALID },
  {
    name: 'signed by a stranger under a trusted id',
    request: (ctx) => health({ ...fresh({ nodeId: ctx.trusted.nodeId, privateKey: ctx.stranger.privateKey }, ctx.now) }),
    error: INVALID,
  },
  { name: 'signed by an unknown node', request: (ctx) => health({ ...fresh(ctx.stranger, ctx.now) }), error: UNKNOWN },
  { name: 'stamped five minutes ago', request: (ctx) => health({ ...fresh(ctx.trusted, ctx.now - FIVE_MINUTES) }), error: STALE },
  { name: 'stamped five minutes ahead', request: (ctx) => health({ ...fresh(ctx.trusted, ctx.now + FIVE_MINUTES) }), error: STALE },
  {
    name: 'body changed after signing',
    request: (ctx) => ({ method: 'POST', path: '/peer/schedule', headers: { ...fresh(ctx.trusted, ctx.now, { method: 'POST', path: '/peer/schedule' }) }, body: '{"x":1}' }),
    error: INVALID,
  },
  { name: 'garbage signature of the right length', request: (ctx) => health({ ...fresh(ctx.trusted, ctx.now), [PEER_SIGNATURE_HEADER]: Buffer.alloc(64, 7).toString('base64') }), error: INVALID },
  { name: 'truncated signature', request: (ctx) => health({ ...fresh(ctx.trusted, ctx.now), [PEER_SIGNATURE_HEADER]: 'AAAA' }), error: INVALID },
  {
    name: 'no signature header',
    request: (ctx) => {
      const { [PEER_SIGNATURE_HEADER]: _dropped, ...rest } = fresh(ctx.trusted, ctx.now);
      return health(rest);
    },
    error: HEADERS,
  },
  { name: 'no peer headers at all', request: () => health({}), error: HEADERS },
  { name: 'nonce sent twice', request: (ctx) => health({ ...fresh(ctx.trusted, ctx.now), [PEER_NONCE_HEADER]: ['aaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbb'] }), error: HEADERS },
  { name: 'timestamp in ISO form', request: (ctx) => health({ ...fresh(ctx.trusted, ctx.now), [PEER_TIMESTAMP_HEADER]: new Date(ctx.now).toISOString() }), error: HEADERS },
  { name: 'node id one character too long', request: (ctx) => health({ ...fresh(ctx.trusted, ctx.now), [PEER_HEADER]: `${ctx.trusted.nodeId}x` }), error: HEADERS },
];
