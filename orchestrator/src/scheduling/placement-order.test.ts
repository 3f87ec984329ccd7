import { describe, expect, it } from 'vitest';
import { MIB } from './resources';
import { placementOrder } from './placement-order';
import { Scheduler, type SchedulableNode } from './scheduler';

function node(name: string, cpu: number, memoryMb: number, allocatedCpu = 0): SchedulableNode {
  return { name, ready: true, capacity: { cpu, memoryBytes: memoryMb * MIB, gpus: 0 }, allocated: { cpu: allocatedCpu, memoryBytes: 0, gpus: 0 }, pods: 0 };
}

const request = { resources: { cpu: 1, memoryBytes: 512 * MIB, gpus: 0 } };

describe('placementOrder over the scheduler ranking', () => {
  it('keeps work on this node when it fits, even if a peer would score higher', () => {
    const ranked = new Scheduler().rank([node('alpha', 2, 1024), node('bravo', 16, 32768)], request).ranked;
    expect(ranked.map((entry) => entry.node)).toEqual(['bravo', 'alpha']);
    expect(placementOrder('alpha', ranked).map((step) => [step.node, step.local])).toEqual([
      ['alpha', true],
      ['bravo', false],
    ]);
  });

  it('sends work this node cannot fit to the peers, best score first', () => {
    const ranked = new Scheduler().rank([node('alpha', 0.5, 256), node('charlie', 4, 8192), node('bravo', 8, 16384)], request);
    expect(ranked.reasons).toEqual({ 'insufficient cpu': 1 });
    expect(placementOrder('alpha', ranked.ranked).map((step) => step.node)).toEqual(['bravo', 'charlie']);
  });

  it('says why nothing fits, as kube-scheduler words it', () => {
    const ranked = new Scheduler().rank([node('alpha', 0.5, 256), node('bravo', 4, 8192, 3.5)], request);
    expect(placementOrder('alpha', ranked.ranked)).toEqual([]);
    expect(ranked.message).toBe('0/2 nodes are available: 2 insufficient cpu.');
  });

  it('breaks score ties by preferred node, then by name, so the same input gives the same order', () => {
    const nodes = [node('delta', 4, 4096), node('bravo', 4, 4096), node('charlie', 4, 4096)];
    expect(new Scheduler().rank(nodes, request).ranked.map((entry) => entry.node)).toEqual(['bravo', 'charlie', 'delta']);
    expect(new Scheduler().rank(nodes, { ...request, preferredNodes: ['delta'] }).ranked.map((entry) => entry.node)).toEqual(['delta', 'bravo', 'charlie']);
  });
});
