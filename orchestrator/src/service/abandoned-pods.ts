import type { Pod } from '../workload/pod';

// Pods a failed schedule left behind. Pure; the loop that removes them is in the orchestrator.

/**
 * How long a pod may stay created but never started. A schedule starts its container
 * milliseconds after creating it; one still pending this long after was left by a schedule
 * that failed in between (the engine died and could not be asked to remove it), and it would
 * hold its reservation and its namespace quota forever.
 */
export const ABANDONED_AFTER_MS = 30_000;

export const ABANDONED_REASON = 'created but never started: its schedule failed between create and start';

export function abandonedPods(pods: readonly Pod[], now: Date, afterMs = ABANDONED_AFTER_MS): Pod[] {
  return pods.filter((pod) => pod.status === 'pending' && now.getTime() - Date.parse(pod.createdAt) >= afterMs);
}
