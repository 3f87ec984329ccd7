// The resources the scheduler and quotas count. Memory in bytes, CPU in cores (fractional).

export interface Resources {
  cpu: number;
  memoryBytes: number;
  gpus: number;
}

export const NO_RESOURCES: Resources = Object.freeze({ cpu: 0, memoryBytes: 0, gpus: 0 });

export function addResources(a: Resources, b: Resources): Resources {
  return { cpu: a.cpu + b.cpu, memoryBytes: a.memoryBytes + b.memoryBytes, gpus: a.gpus + b.gpus };
}

export function sumResources(list: readonly Resources[]): Resources {
  return list.reduce(addResources, NO_RESOURCES);
}

/** What is left of `total` after `used`, never below zero. */
export function subtractResources(total: Resources, used: Resources): Resources {
  return {
    cpu: Math.max(0, total.cpu - used.cpu),
    memoryBytes: Math.max(0, total.memoryBytes - used.memoryBytes),
    gpus: Math.max(0, total.gpus - used.gpus),
  };
}

export const MIB = 1024 * 1024;

export function formatCpu(cores: number): string {
  return `${Number(cores.toFixed(3))} CPU`;
}

export function formatMemory(bytes: number): string {
  if (bytes >= 1024 * MIB) return `${Number((bytes / (1024 * MIB)).toFixed(2))} GiB`;
  return `${Number((bytes / MIB).toFixed(1))} MiB`;
}
