import { NANO_CPUS_PER_CORE } from './docker-create-options';
import { GPU_RESOURCE_KIND } from './swarm-service-spec';

// What the swarm offers workloads: the nodes that take tasks (ready and active), added up. Pure.

/** The parts of GET /nodes we read (@types/dockerode leaves nodes untyped). */
export interface SwarmNode {
  ID: string;
  Description?: {
    Hostname?: string;
    Resources?: { NanoCPUs?: number; MemoryBytes?: number; GenericResources?: SwarmGenericResource[] };
  };
  Spec?: { Availability?: string };
  Status?: { State?: string };
}

type SwarmGenericResource = { DiscreteResourceSpec?: { Kind?: string; Value?: number } } | { NamedResourceSpec?: { Kind?: string; Value?: string } };

export function swarmCapacity(nodes: readonly SwarmNode[]): { cpus: number; memoryBytes: number; gpus: number } {
  let nanoCpus = 0;
  let memoryBytes = 0;
  let gpus = 0;
  for (const node of nodes) {
    if (node.Status?.State !== 'ready' || node.Spec?.Availability !== 'active') continue;
    const resources = node.Description?.Resources;
    nanoCpus += resources?.NanoCPUs ?? 0;
    memoryBytes += resources?.MemoryBytes ?? 0;
    for (const generic of resources?.GenericResources ?? []) {
      // A node lists GPUs either as a count or one named entry per GPU (its UUID).
      if ('DiscreteResourceSpec' in generic && generic.DiscreteResourceSpec?.Kind === GPU_RESOURCE_KIND) gpus += generic.DiscreteResourceSpec.Value ?? 0;
      if ('NamedResourceSpec' in generic && generic.NamedResourceSpec?.Kind === GPU_RESOURCE_KIND) gpus += 1;
    }
  }
  return { cpus: nanoCpus / NANO_CPUS_PER_CORE, memoryBytes, gpus };
}
