import { describe, expect, it } from 'vitest';
import { MIB } from '../scheduling/resources';
import { nodeCapacity, toSchedulableNode, type MachineResources } from './node-capacity';

const machine: MachineResources = {
  node: 'box',
  cpu: 8,
  memoryBytes: 16 * 1024 * MIB,
  gpus: [{ index: 0, name: 'L4', memoryMb: 23034 }],
  disk: { path: '/data', freeBytes: 10, totalBytes: 20 },
};

describe('nodeCapacity', () => {
  it('subtracts what running workloads reserve from the machine', () => {
    const capacity = nodeCapacity(machine, [
      { cpu: 1.5, memoryBytes: 512 * MIB, gpus: 0 },
      { cpu: 0.25, memoryBytes: 256 * MIB, gpus: 1 },
    ]);
    expect(capacity).toMatchObject({
      node: 'box',
      total: { cpu: 8, memoryMb: 16384, gpus: 1 },
      reserved: { cpu: 1.75, memoryMb: 768, gpus: 1 },
      available: { cpu: 6.25, memoryMb: 15616, gpus: 0 },
      pods: 2,
      disk: { path: '/data', freeBytes: 10, totalBytes: 20 },
    });
  });

  it('never reports negative availability when workloads were started over the limit', () => {
    const capacity = nodeCapacity(machine, [{ cpu: 20, memoryBytes: 64 * 1024 * MIB, gpus: 2 }]);
    expect(capacity.available).toEqual({ cpu: 0, memoryMb: 0, gpus: 0 });
  });

  it('gives the scheduler the same picture', () => {
    const node = toSchedulableNode(machine, [{ cpu: 1, memoryBytes: MIB, gpus: 0 }], { ready: true, maxPods: 50 });
    expect(node).toMatchObject({ name: 'box', ready: true, pods: 1, maxPods: 50, allocated: { cpu: 1, memoryBytes: MIB, gpus: 0 } });
  });
});
