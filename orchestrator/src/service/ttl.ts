import type { Pod } from '../workload/pod';

// Which pods have outlived their TTL. Pure; the loop that evicts them is in the orchestrator.

export function expiredPods(pods: readonly Pod[], now: Date): Pod[] {
  return pods.filter((pod) => pod.expiresAt !== null && Date.parse(pod.expiresAt) <= now.getTime() && pod.status !== 'terminating');
}
