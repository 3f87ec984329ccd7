import type { PlacementStep } from '../scheduling/placement-order';
import { PeerAnswerError, PeerUnavailableError } from './peer-client';

// Which peers to try for a forwarded workload, and when to ask the same one again. Pure.

/**
 * The peer nodes of `steps`, best first. A node that already placed this idempotency key goes
 * first even when it no longer ranks (the pod it holds fills it): it will answer with that pod
 * instead of another peer placing a second one.
 */
export function peerTryOrder(steps: readonly PlacementStep[], placedOn: string | undefined): string[] {
  const peers = steps.filter((step) => !step.local).map((step) => step.node);
  if (placedOn === undefined) return peers;
  return [placedOn, ...peers.filter((node) => node !== placedOn)];
}

/**
 * Ask the same peer once more only when the request may have reached it and the answer was lost:
 * it dedupes on the key, so the repeat returns what it placed. A peer that was never reached, or
 * that answered with a refusal, is not asked again; the next one is.
 */
export function retriesSamePeer(error: unknown): boolean {
  return error instanceof PeerUnavailableError && error.delivered === 'unknown';
}

/**
 * Stop trying further peers: the peer holds this idempotency key for a different spec. Another
 * peer would place the changed spec as a second workload under the same key.
 */
export function endsPlacement(error: unknown): boolean {
  return error instanceof PeerAnswerError && error.code === 'idempotency_conflict';
}
