import type { LogChunk, LogOptions } from '../runtime/container-runtime';
import type { PlacementStep } from '../scheduling/placement-order';
import type { SchedulableNode } from '../scheduling/scheduler';
import type { Pod } from '../workload/pod';

// What the orchestrator needs from its peers (the port; peers/peer-cluster.ts is the HTTP
// adapter). Everything here acts on other nodes only: this node's own pods never pass through.

export interface PodQuery {
  namespace?: string | undefined;
  task?: string | undefined;
  status?: Pod['status'] | undefined;
}

export interface ForwardedPlacement {
  pod: Pod;
  created: boolean;
  /** The peer (as discovered) that placed it. */
  peer: string;
  /** Every peer tried, in order, with why the ones before the last failed. */
  attempts: Array<{ node: string; peer: string; outcome: 'placed' | 'failed'; reason?: string }>;
}

export interface PeerListProblem {
  peer: string;
  node: string | undefined;
  reason: string;
}

/** How a peer looks from here, for health reports. */
export interface PeerStatus {
  peer: string;
  url: string;
  state: 'pending' | 'available' | 'unavailable';
  node?: string | undefined;
  reason?: string | undefined;
}

export interface PeerForwarding {
  /** Every configured peer and whether it answers. */
  status(): PeerStatus[];
  /** The peers that answered their last capacity ask, as scheduler nodes. */
  nodes(): SchedulableNode[];
  /**
   * Tries the peers in `steps` in order until one places the workload. `key` is sent as the
   * Idempotency-Key to every peer tried, so a peer asked twice places once. Throws the last
   * peer's refusal when none placed it.
   */
  place(steps: readonly PlacementStep[], input: unknown, key: string, signature: string | undefined): Promise<ForwardedPlacement>;
  /** Pods of every reachable peer; a peer that does not answer is reported, not fatal. */
  list(filter: PodQuery): Promise<{ pods: Pod[]; unreachable: PeerListProblem[] }>;
  /** The pod of that id on some peer, or undefined when no reachable peer has it. */
  locate(id: string): Promise<Pod | undefined>;
  logs(pod: Pod, options: LogOptions): Promise<AsyncIterable<LogChunk>>;
  evict(pod: Pod, reason: string, graceSeconds: number | undefined): Promise<Pod>;
  /** Sends a task update to the node that owns the vault holding it. */
  taskUpdate(node: string, update: unknown): Promise<unknown>;
}
