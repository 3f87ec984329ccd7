import type { NodeCapacity } from '../capacity/node-capacity';
import { toSchedulableNode } from '../capacity/node-capacity';
import { MIB, NO_RESOURCES, type Resources } from '../scheduling/resources';
import type { SchedulableNode } from '../scheduling/scheduler';

// A peer's reported capacity as a scheduler node, through the same mapping the local node uses.
// A peer only reports totals, so its reservations become one entry holding the sum, padded with
// empty ones so the pod count (and any maxPods filter) stays right.

/** `node`: the name the peer goes by, which its /health may give apart from its capacity's. */
export function peerSchedulableNode(capacity: NodeCapacity, node: string): SchedulableNode {
  const reserved: Resources = {
    cpu: capacity.reserved.cpu,
    memoryBytes: capacity.reserved.memoryMb * MIB,
    gpus: capacity.reserved.gpus,
  };
  const reservations: Resources[] = Array.from({ length: capacity.pods }, () => NO_RESOURCES);
  if (reservations.length === 0) reservations.push(NO_RESOURCES);
  reservations[0] = reserved;
  const schedulable = toSchedulableNode(
    {
      node,
      cpu: capacity.total.cpu,
      memoryBytes: capacity.total.memoryMb * MIB,
      // The count is what scheduling needs; device details stay in the capacity.
      gpus: Array.from({ length: capacity.total.gpus }, (_, index) => capacity.gpuDevices[index] ?? { index, name: 'gpu', memoryMb: 0 }),
      disk: capacity.disk,
    },
    reservations,
    { ready: true },
  );
  return { ...schedulable, pods: capacity.pods };
}
