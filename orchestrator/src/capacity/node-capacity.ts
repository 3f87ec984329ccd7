import { MIB, subtractResources, sumResources, type Resources } from '../scheduling/resources';
import type { SchedulableNode } from '../scheduling/scheduler';
import type { GpuInfo } from './nvidia-smi';

// What this node offers: the machine, minus what running workloads reserve. Pure; the probe
// (host-probe.ts) gathers the inputs.

export interface DiskSpace {
  path: string;
  freeBytes: number;
  totalBytes: number;
}

export interface MachineResources {
  node: string;
  cpu: number;
  memoryBytes: number;
  gpus: readonly GpuInfo[];
  /** Undefined when the data dir could not be read; the reason is in `diskError`. */
  disk: DiskSpace | undefined;
  diskError?: string | undefined;
}

export interface NodeCapacity {
  node: string;
  total: { cpu: number; memoryMb: number; gpus: number };
  reserved: { cpu: number; memoryMb: number; gpus: number };
  available: { cpu: number; memoryMb: number; gpus: number };
  pods: number;
  gpuDevices: GpuInfo[];
  disk: DiskSpace | undefined;
  diskError?: string | undefined;
}

export function nodeCapacity(machine: MachineResources, reservations: readonly Resources[]): NodeCapacity {
  const total: Resources = { cpu: machine.cpu, memoryBytes: machine.memoryBytes, gpus: machine.gpus.length };
  const reserved = sumResources(reservations);
  const available = subtractResources(total, reserved);
  const capacity: NodeCapacity = {
    node: machine.node,
    total: inMb(total),
    reserved: inMb(reserved),
    available: inMb(available),
    pods: reservations.length,
    gpuDevices: [...machine.gpus],
    disk: machine.disk,
  };
  if (machine.diskError !== undefined) capacity.diskError = machine.diskError;
  return capacity;
}

/** The node as the scheduler sees it. */
export function toSchedulableNode(
  machine: MachineResources,
  reservations: readonly Resources[],
  options: { ready: boolean; maxPods?: number | undefined; labels?: Record<string, string> },
): SchedulableNode {
  return {
    name: machine.node,
    ready: options.ready,
    capacity: { cpu: machine.cpu, memoryBytes: machine.memoryBytes, gpus: machine.gpus.length },
    allocated: sumResources(reservations),
    pods: reservations.length,
    maxPods: options.maxPods,
    labels: options.labels,
  };
}

function inMb(resources: Resources): { cpu: number; memoryMb: number; gpus: number } {
  return {
    cpu: Number(resources.cpu.toFixed(3)),
    memoryMb: Math.floor(resources.memoryBytes / MIB),
    gpus: resources.gpus,
  };
}
