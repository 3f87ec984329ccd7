import type { ContainerSummary } from '../runtime/container-runtime';
import type { Pod, PodStatus } from './pod';

// Everything needed to rebuild a pod is on its container as labels, so the engine is the
// source of truth and a restarted backend finds its pods again. Pure.

export const LABEL = {
  workload: 'vaultplane.workload',
  namespace: 'vaultplane.namespace',
  task: 'vaultplane.task',
  node: 'vaultplane.node',
  specHash: 'vaultplane.spec-hash',
  expires: 'vaultplane.expires',
  cpu: 'vaultplane.cpu',
  memoryMb: 'vaultplane.memory-mb',
  gpu: 'vaultplane.gpu',
  idempotencyKey: 'vaultplane.idempotency-key',
  completeTask: 'vaultplane.complete-task',
  owner: 'vaultplane.owner',
} as const;
/** User labels are kept under this prefix, apart from labels the image brings. */
const USER_LABEL_PREFIX = 'vaultplane.label.';

export interface PodMetadata {
  name: string;
  namespace: string;
  task: string | undefined;
  node: string;
  specHash: string;
  expiresAt: Date | undefined;
  resources: { cpu: number; memoryMb: number; gpu: number };
  labels: Readonly<Record<string, string>>;
  /** A hash of the client's key, never the key itself. */
  idempotencyKeyHash: string | undefined;
  /** Check the task when the workload exits 0. */
  completeTask?: boolean;
  /** The server that started it (OrchestratorOptions.owner), so it can tell its pods from others' on a shared engine. */
  owner?: string | undefined;
}

export function podLabels(meta: PodMetadata): Record<string, string> {
  const labels: Record<string, string> = {
    [LABEL.workload]: meta.name,
    [LABEL.namespace]: meta.namespace,
    [LABEL.task]: meta.task ?? '',
    [LABEL.node]: meta.node,
    [LABEL.specHash]: meta.specHash,
    [LABEL.expires]: meta.expiresAt?.toISOString() ?? '',
    [LABEL.cpu]: String(meta.resources.cpu),
    [LABEL.memoryMb]: String(meta.resources.memoryMb),
    [LABEL.gpu]: String(meta.resources.gpu),
  };
  if (meta.idempotencyKeyHash !== undefined) labels[LABEL.idempotencyKey] = meta.idempotencyKeyHash;
  if (meta.completeTask) labels[LABEL.completeTask] = 'true';
  if (meta.owner !== undefined) labels[LABEL.owner] = meta.owner;
  for (const [key, value] of Object.entries(meta.labels)) labels[`${USER_LABEL_PREFIX}${key}`] = value;
  return labels;
}

/** Undefined for containers that are not pods of ours (no workload label). */
export function podFromContainer(container: ContainerSummary & { exitCode?: number | undefined }): Pod | undefined {
  const labels = container.labels;
  const name = labels[LABEL.workload];
  if (name === undefined) return undefined;
  const user: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(USER_LABEL_PREFIX)) user[key.slice(USER_LABEL_PREFIX.length)] = value;
  }
  const expires = labels[LABEL.expires];
  const pod: Pod = {
    id: container.name,
    containerId: container.id,
    name,
    namespace: labels[LABEL.namespace] || 'default',
    task: labels[LABEL.task] || null,
    node: labels[LABEL.node] ?? '',
    image: container.image,
    status: podStatus(container.state, container.exitCode),
    exitCode: container.exitCode ?? null,
    createdAt: container.createdAt,
    expiresAt: expires && !Number.isNaN(Date.parse(expires)) ? new Date(expires).toISOString() : null,
    resources: {
      cpu: numberLabel(labels[LABEL.cpu]),
      memoryMb: numberLabel(labels[LABEL.memoryMb]),
      gpu: numberLabel(labels[LABEL.gpu]),
    },
    labels: user,
    specHash: labels[LABEL.specHash] ?? '',
    completeTask: labels[LABEL.completeTask] === 'true',
  };
  if (container.node !== undefined) pod.host = container.node;
  if (container.reason !== undefined) pod.reason = container.reason;
  return pod;
}

export function podStatus(state: ContainerSummary['state'], exitCode: number | undefined): PodStatus {
  switch (state) {
    case 'created':
      return 'pending';
    case 'running':
    case 'restarting':
      return 'running';
    case 'paused':
      return 'paused';
    case 'removing':
      return 'terminating';
    case 'exited':
      return exitCode === 0 ? 'succeeded' : 'failed';
    case 'dead':
      return 'failed';
    default:
      return 'unknown';
  }
}

/** Only running (or starting) pods hold resources. */
export function podReserves(pod: Pod): boolean {
  return pod.status === 'running' || pod.status === 'pending' || pod.status === 'paused';
}

function numberLabel(value: string | undefined): number {
  const parsed = Number(value);
  return value === undefined || value === '' || !Number.isFinite(parsed) ? 0 : parsed;
}
