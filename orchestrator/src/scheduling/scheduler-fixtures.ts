import type { SchedulableNode } from './scheduler';

// Nodes for scheduler tests and the benchmark, in readable units.

export const GIB_FOR_TESTS = 1024 ** 3;

export interface NodeShape {
  cpu?: number;
  memoryGib?: number;
  gpus?: number;
  usedCpu?: number;
  usedMemoryGib?: number;
  usedGpus?: number;
}

export function node(name: string, shape: NodeShape = {}): SchedulableNode {
  return {
    name,
    ready: true,
    capacity: { cpu: shape.cpu ?? 8, memoryBytes: (shape.memoryGib ?? 16) * GIB_FOR_TESTS, gpus: shape.gpus ?? 0 },
    allocated: {
      cpu: shape.usedCpu ?? 0,
      memoryBytes: (shape.usedMemoryGib ?? 0) * GIB_FOR_TESTS,
      gpus: shape.usedGpus ?? 0,
    },
    pods: 0,
  };
}
