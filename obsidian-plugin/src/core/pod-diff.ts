import type { PodRow } from '../api/api-types';

// What changed between two pod lists, so a table patches its rows instead of redrawing (a
// redraw would drop a row's focus and selection every few seconds). Pure.

export interface PodListDiff {
  added: PodRow[];
  removed: PodRow[];
  changed: PodRow[];
  /** Ids in the new list's order, for placing rows. */
  order: string[];
}

/** Fields a row shows; a pod whose other fields change is not redrawn. */
const SHOWN = ['status', 'image', 'node', 'task', 'namespace', 'name', 'createdAt', 'exitCode', 'expiresAt'] as const satisfies ReadonlyArray<keyof PodRow>;

export function diffPods(before: readonly PodRow[], after: readonly PodRow[]): PodListDiff {
  const old = new Map(before.map((pod) => [pod.id, pod]));
  const current = new Set(after.map((pod) => pod.id));
  const added: PodRow[] = [];
  const changed: PodRow[] = [];
  for (const pod of after) {
    const previous = old.get(pod.id);
    if (previous === undefined) added.push(pod);
    else if (rowDiffers(previous, pod)) changed.push(pod);
  }
  return { added, removed: before.filter((pod) => !current.has(pod.id)), changed, order: after.map((pod) => pod.id) };
}

function rowDiffers(a: PodRow, b: PodRow): boolean {
  if (SHOWN.some((field) => a[field] !== b[field])) return true;
  return a.resources.cpu !== b.resources.cpu || a.resources.memoryMb !== b.resources.memoryMb || a.resources.gpu !== b.resources.gpu;
}

/** Newest first, then by id, so the table does not jump when the server returns another order. */
export function sortPods(pods: readonly PodRow[]): PodRow[] {
  return [...pods].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}
