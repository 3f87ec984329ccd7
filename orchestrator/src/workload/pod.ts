// A pod is one workload container the orchestrator owns, as read back from the engine.

export const POD_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'paused', 'terminating', 'unknown'] as const;

export type PodStatus = (typeof POD_STATUSES)[number];

export interface Pod {
  /** The container name; stable, and the host name on the private network. */
  id: string;
  containerId: string;
  name: string;
  namespace: string;
  /** Spec-Kit task id, or null. */
  task: string | null;
  node: string;
  image: string;
  status: PodStatus;
  /** Set once it stopped. */
  exitCode: number | null;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601, or null without a TTL. */
  expiresAt: string | null;
  resources: { cpu: number; memoryMb: number; gpu: number };
  labels: Record<string, string>;
  specHash: string;
  /** Check the Spec-Kit task when the workload exits 0. */
  completeTask: boolean;
  /**
   * The machine the engine placed it on, for engines that span several (the Swarm node); `node`
   * stays the orchestrator node that owns it.
   */
  host?: string;
  /** Why it is pending or failed, when the engine says (e.g. no node satisfies its placement). */
  reason?: string;
}
