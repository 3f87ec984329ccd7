import type { ContainerEvent } from '../runtime/container-runtime';
import { LABEL } from '../workload/pod-labels';

// What GET /events sends. Pure mapping from engine events, plus the orchestrator's own.

export type OrchestratorEvent =
  | {
      type: 'pod';
      /** The engine's lifecycle action: create, start, die, oom, destroy, … */
      action: ContainerEvent['action'];
      podId: string;
      name: string;
      namespace: string;
      task: string | null;
      exitCode: number | null;
      /** The owner label of the server that started it; null when it carries none. */
      owner: string | null;
      time: string;
      /** Set when relayed from a peer: the node the pod runs on. Absent for this node's own pods. */
      node?: string;
    }
  | { type: 'scheduled' | 'evicted' | 'expired'; podId: string; name: string; namespace: string; task: string | null; time: string; node?: string }
  /** A peer became available or unavailable (peering on); `node` is its node name when known. */
  | { type: 'peer'; peer: string; node: string | null; state: 'available' | 'unavailable'; reason?: string; time: string }
  | { type: 'engine'; state: 'available' | 'unavailable'; reason?: string; time: string }
  /** A Spec-Kit task line changed through the API, MCP or a finished workload (published by the host). */
  | { type: 'task'; feature: string; taskId: string; done: boolean; line: number; time: string }
  | { type: 'policy'; state: 'changed' | 'rejected'; reason?: string; time: string };

/** Undefined for containers that are not pods of ours. */
export function podEventFrom(event: ContainerEvent): OrchestratorEvent | undefined {
  const name = event.labels[LABEL.workload];
  if (name === undefined || event.name === undefined) return undefined;
  return {
    type: 'pod',
    action: event.action,
    podId: event.name,
    name,
    namespace: event.labels[LABEL.namespace] || 'default',
    task: event.labels[LABEL.task] || null,
    exitCode: event.exitCode ?? null,
    owner: event.labels[LABEL.owner] || null,
    time: event.time,
  };
}
