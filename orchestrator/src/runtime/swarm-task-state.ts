import type Docker from 'dockerode';
import type { ContainerDetails, ContainerState, ContainerSummary } from './container-runtime';
import { NANO_CPUS_PER_CORE } from './docker-create-options';
import { SWARM_IMAGE_LABEL } from './swarm-service-spec';

// A Swarm service and its newest task, read back as one of our containers. Pure. The service
// is the pod (its id and name); the task says where it is in its life.

/** The parts of GET /tasks we read (@types/dockerode leaves tasks untyped). */
export interface SwarmTask {
  ID: string;
  ServiceID: string;
  NodeID?: string;
  CreatedAt?: string;
  Status?: {
    Timestamp?: string;
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
  };
}

// Everything before 'running' is the task waiting for a node, an image or its start.
const WAITING = new Set(['new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting']);
const ENDED = new Set(['complete', 'failed', 'shutdown', 'rejected', 'orphaned']);

export function taskState(task: SwarmTask | undefined): ContainerState {
  const state = task?.Status?.State;
  // No task yet: created and not started (0 replicas), or Swarm is about to make one.
  if (state === undefined || WAITING.has(state)) return 'created';
  switch (state) {
    case 'running':
      return 'running';
    case 'complete':
    case 'shutdown':
      return 'exited';
    case 'failed':
      // Failed before a process ran (no exit code): it never was a container that exited.
      return task?.Status?.ContainerStatus?.ExitCode === undefined ? 'dead' : 'exited';
    case 'rejected':
      return 'dead';
    case 'remove':
      return 'removing';
    default:
      return 'unknown';
  }
}

/** The newest task of each service: with restart condition none, the one that tells the story. */
export function newestTasks(tasks: readonly SwarmTask[]): Map<string, SwarmTask> {
  const newest = new Map<string, SwarmTask>();
  for (const task of tasks) {
    const seen = newest.get(task.ServiceID);
    if (seen === undefined || (task.CreatedAt ?? '') > (seen.CreatedAt ?? '')) newest.set(task.ServiceID, task);
  }
  return newest;
}

function exitCodeOf(task: SwarmTask | undefined): number | undefined {
  const state = task?.Status?.State;
  if (state === undefined || !ENDED.has(state)) return undefined;
  return task?.Status?.ContainerStatus?.ExitCode ?? (state === 'complete' ? 0 : undefined);
}

/** Why a task waits or ended badly, in Swarm's words ("no suitable node (…)"). */
function reasonOf(task: SwarmTask | undefined): string | undefined {
  const status = task?.Status;
  if (status === undefined || status.State === 'running' || status.State === 'complete') return undefined;
  if (status.Err) return status.Err;
  // A waiting task's Message is its step ("pending task scheduling"): worth showing too.
  return WAITING.has(status.State ?? '') && status.Message ? status.Message : undefined;
}

export function summaryFromService(service: Docker.Service, task: SwarmTask | undefined, nodeNames: ReadonlyMap<string, string>): ContainerSummary {
  const { [SWARM_IMAGE_LABEL]: requestedImage, ...labels } = service.Spec?.Labels ?? {};
  const template = service.Spec?.TaskTemplate as Docker.ContainerTaskSpec | undefined;
  const summary: ContainerSummary = {
    id: service.ID,
    name: service.Spec?.Name ?? service.ID,
    image: requestedImage ?? template?.ContainerSpec?.Image ?? '',
    state: taskState(task),
    labels,
    createdAt: new Date(service.CreatedAt ?? 0).toISOString(),
    exitCode: exitCodeOf(task),
  };
  const node = task?.NodeID === undefined || task.NodeID === '' ? undefined : (nodeNames.get(task.NodeID) ?? task.NodeID);
  if (node !== undefined) summary.node = node;
  const reason = reasonOf(task);
  if (reason !== undefined) summary.reason = reason;
  return summary;
}

export function detailsFromService(service: Docker.Service, task: SwarmTask | undefined, nodeNames: ReadonlyMap<string, string>): ContainerDetails {
  const summary = summaryFromService(service, task, nodeNames);
  const limits = (service.Spec?.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.Resources?.Limits;
  // A task's Timestamp is when it entered its current state.
  const since = task?.Status?.Timestamp === undefined ? undefined : new Date(task.Status.Timestamp).toISOString();
  return {
    ...summary,
    startedAt: summary.state === 'running' ? since : undefined,
    finishedAt: summary.state === 'exited' || summary.state === 'dead' ? since : undefined,
    error: task?.Status?.Err || undefined,
    // A task's status does not say whether the kernel killed it for memory (exit 137 either way).
    oomKilled: false,
    cpu: limits?.NanoCPUs ? limits.NanoCPUs / NANO_CPUS_PER_CORE : undefined,
    memoryBytes: limits?.MemoryBytes ? limits.MemoryBytes : undefined,
  };
}
