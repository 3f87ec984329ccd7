import type { ContainerRuntime } from './container-runtime';
import { DockerRuntime, type DockerRuntimeOptions } from './docker-runtime';
import { SwarmRuntime } from './swarm-runtime';

// Which engine adapter runs workloads (VAULTPLANE_RUNTIME, `--runtime`): plain containers on
// one engine, or Swarm services across the swarm that engine manages.

export const RUNTIME_KINDS = ['docker', 'swarm'] as const;
export type RuntimeKind = (typeof RUNTIME_KINDS)[number];

export function createRuntime(kind: RuntimeKind, options: DockerRuntimeOptions = {}): ContainerRuntime {
  return kind === 'swarm' ? new SwarmRuntime(options) : new DockerRuntime(options);
}
