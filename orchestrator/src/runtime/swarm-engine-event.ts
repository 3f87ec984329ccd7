import type { ContainerEvent } from './container-runtime';

// A task container's engine event as an event of its Swarm service, which is what the
// orchestrator calls the pod. Pure.

/** Docker puts these on every task container; they say which service it belongs to. */
export const SWARM_SERVICE_ID_LABEL = 'com.docker.swarm.service.id';
const SWARM_SERVICE_NAME_LABEL = 'com.docker.swarm.service.name';
const SWARM_LABEL_PREFIX = 'com.docker.swarm.';

/** Undefined for containers that are not Swarm tasks. */
export function serviceEventFromTask(event: ContainerEvent): ContainerEvent | undefined {
  const serviceId = event.labels[SWARM_SERVICE_ID_LABEL];
  if (serviceId === undefined) return undefined;
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.labels)) {
    if (!key.startsWith(SWARM_LABEL_PREFIX)) labels[key] = value;
  }
  return { ...event, id: serviceId, name: event.labels[SWARM_SERVICE_NAME_LABEL], labels };
}

/** Task containers belong to Swarm: a plain-container runtime leaves them alone. */
export function isSwarmTask(labels: Readonly<Record<string, string>>): boolean {
  return labels[SWARM_SERVICE_ID_LABEL] !== undefined;
}
