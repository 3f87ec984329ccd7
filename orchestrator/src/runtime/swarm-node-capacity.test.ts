import { describe, expect, it } from 'vitest';
import { swarmCapacity, type SwarmNode } from './swarm-node-capacity';

// GET /nodes entries in the shape Docker 20.10 returns them.
const node = (id: string, state: string, availability: string, generic: unknown[] = []): SwarmNode =>
  ({
    ID: id,
    Description: { Hostname: id, Resources: { NanoCPUs: 2_000_000_000, MemoryBytes: 4 * 1024 ** 3, GenericResources: generic } },
    Spec: { Availability: availability },
    Status: { State: state },
  }) as SwarmNode;

describe('swarmCapacity', () => {
  it('adds up the nodes that take tasks, leaving out drained and down ones', () => {
    const total = swarmCapacity([node('a', 'ready', 'active'), node('b', 'ready', 'active'), node('c', 'ready', 'drain'), node('d', 'down', 'active')]);
    expect(total).toEqual({ cpus: 4, memoryBytes: 8 * 1024 ** 3, gpus: 0 });
  });

  it('counts NVIDIA-GPU generic resources given as a count or one named entry per GPU, and nothing else', () => {
    const counted = node('a', 'ready', 'active', [{ DiscreteResourceSpec: { Kind: 'NVIDIA-GPU', Value: 2 } }, { DiscreteResourceSpec: { Kind: 'SSD', Value: 1 } }]);
    const named = node('b', 'ready', 'active', [
      { NamedResourceSpec: { Kind: 'NVIDIA-GPU', Value: 'GPU-1f2e' } },
      { NamedResourceSpec: { Kind: 'NVIDIA-GPU', Value: 'GPU-3c4d' } },
    ]);
    expect(swarmCapacity([counted, named]).gpus).toBe(4);
  });
});
