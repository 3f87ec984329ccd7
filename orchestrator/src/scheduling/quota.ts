import { MIB, formatCpu, formatMemory, type Resources } from './resources';

// Per-namespace limits on what running workloads may reserve together. Pure.

export interface NamespaceQuota {
  cpu?: number | undefined;
  memoryMb?: number | undefined;
  pods?: number | undefined;
}

export interface NamespaceUsage {
  cpu: number;
  memoryBytes: number;
  pods: number;
}

/** One sentence per limit the request would break; empty when it fits. */
export function quotaViolations(quota: NamespaceQuota, usage: NamespaceUsage, request: Resources): string[] {
  const problems: string[] = [];
  if (quota.pods !== undefined && usage.pods + 1 > quota.pods) {
    problems.push(`pods: ${usage.pods} of ${quota.pods} already running`);
  }
  if (quota.cpu !== undefined && usage.cpu + request.cpu > quota.cpu + 1e-9) {
    problems.push(`cpu: ${formatCpu(usage.cpu)} of ${formatCpu(quota.cpu)} in use, this workload asks for ${formatCpu(request.cpu)}`);
  }
  if (quota.memoryMb !== undefined && usage.memoryBytes + request.memoryBytes > quota.memoryMb * MIB) {
    problems.push(
      `memory: ${formatMemory(usage.memoryBytes)} of ${formatMemory(quota.memoryMb * MIB)} in use, this workload asks for ${formatMemory(request.memoryBytes)}`,
    );
  }
  return problems;
}
