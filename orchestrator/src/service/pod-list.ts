import type { Pod } from '../workload/pod';

// The order pods are listed in, and the cluster view made of several nodes' lists. Pure.

/** Oldest first; the id breaks ties so the order is stable. */
export function byCreation(a: Pod, b: Pod): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/** One list, oldest first; a pod seen twice (one peer reached under two names) is kept once. */
export function mergePodLists(...lists: Pod[][]): Pod[] {
  const seen = new Set<string>();
  return lists
    .flat()
    .filter((pod) => {
      const key = `${pod.node}\0${pod.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(byCreation);
}
