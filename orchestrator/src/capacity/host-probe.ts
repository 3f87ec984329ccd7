import { execFile } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { EngineInfo } from '../runtime/container-runtime';
import type { DiskSpace, MachineResources } from './node-capacity';
import { NVIDIA_SMI_ARGS, parseNvidiaSmi, type GpuInfo } from './nvidia-smi';

// Gathers this machine's resources: cores and memory from the engine (it may be on another
// host than we are), disk free of the data dir, and GPUs from nvidia-smi when it is installed.

const NVIDIA_SMI_TIMEOUT_MS = 5_000;

export interface HostProbeOptions {
  /** The engine's view of the machine; without it, nothing is known about cpu and memory. */
  engine: EngineInfo;
  dataDir: string;
  /** Name this node reports; default the engine host's name. */
  nodeName?: string;
  /** Where to find nvidia-smi; default 'nvidia-smi' on PATH. */
  nvidiaSmi?: string;
}

export async function probeMachine(options: HostProbeOptions): Promise<MachineResources> {
  const engineGpus = options.engine.gpus;
  const [gpus, disk] = await Promise.all([
    engineGpus === undefined ? probeGpus(options.nvidiaSmi ?? 'nvidia-smi') : Promise.resolve(engineReportedGpus(engineGpus)),
    probeDisk(options.dataDir),
  ]);
  const machine: MachineResources = {
    node: options.nodeName ?? (options.engine.name || hostname()),
    cpu: options.engine.cpus,
    memoryBytes: options.engine.memoryBytes,
    gpus,
    disk: 'freeBytes' in disk ? disk : undefined,
  };
  if ('error' in disk) machine.diskError = disk.error;
  return machine;
}

/** GPUs an engine counts across its nodes (Swarm): no per-device details to report. */
function engineReportedGpus(count: number): GpuInfo[] {
  return Array.from({ length: count }, (_, index) => ({ index, name: 'NVIDIA-GPU (engine generic resource)', memoryMb: 0 }));
}

export async function probeDisk(path: string): Promise<DiskSpace | { error: string }> {
  try {
    const stats = await statfs(path);
    return { path, freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { error: `cannot read free space of ${path} (${reason}); create the data dir or point --data at one` };
  }
}

/** No nvidia-smi, or one that fails (no driver), means no GPUs: never an error. */
export function probeGpus(command: string): Promise<GpuInfo[]> {
  return new Promise((resolve) => {
    execFile(command, [...NVIDIA_SMI_ARGS], { timeout: NVIDIA_SMI_TIMEOUT_MS }, (error, stdout) => {
      resolve(error ? [] : parseNvidiaSmi(stdout));
    });
  });
}
