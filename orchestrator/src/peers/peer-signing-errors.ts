import { OrchestratorError } from '../errors';

// Why a peer request was refused. All are UNAUTHORIZED (401) to the HTTP layer, which already
// maps that code; `reason` is the stable, finer code for logs, audit and tests.

export type PeerAuthReason =
  | 'PEER_HEADERS_INVALID'
  | 'UNKNOWN_PEER'
  | 'INVALID_PEER_SIGNATURE'
  | 'STALE_PEER_REQUEST'
  | 'REPLAYED_PEER_REQUEST'
  | 'PEER_REPLAY_CACHE_FULL';

export class PeerAuthError extends OrchestratorError {
  readonly reason: PeerAuthReason;
  /** The node id the request claimed, when it named one. */
  readonly peer: string | undefined;

  constructor(reason: PeerAuthReason, message: string, peer?: string) {
    super('UNAUTHORIZED', message);
    this.reason = reason;
    this.peer = peer;
  }
}

export function isPeerAuthError(value: unknown): value is PeerAuthError {
  return value instanceof PeerAuthError;
}
