import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GIB_FOR_TESTS as GIB, node } from './scheduler-fixtures';
import {
  Scheduler,
  balancedAllocationScore,
  filterNode,
  leastAllocatedScore,
  numFeasibleNodesToFind,
  type PlacementRequest,
  type SchedulableNode,
} from './scheduler';

const request = (cpu: number, memoryGib: number, gpus = 0): PlacementRequest => ({
  resources: { cpu, memoryBytes: memoryGib * GIB, gpus },
});

describe('filterNode', () => {
  it('says which resource is missing', () => {
    const n = node('a', { cpu: 4, memoryGib: 8, usedCpu: 3.5, usedMemoryGib: 7 });
    expect(filterNode(n, request(1, 0.5))).toBe('insufficient cpu');
    expect(filterNode(n, request(0.5, 2))).toBe('insufficient memory');
    expect(filterNode(n, request(0.5, 1, 1))).toBe('insufficient gpu');
    expect(filterNode(n, request(0.5, 1))).toBeUndefined();
  });

  it('drops nodes that are not ready, full of pods, not the pinned node or without the selected labels', () => {
    expect(filterNode({ ...node('a'), ready: false }, request(1, 1))).toBe('node is not ready');
    expect(filterNode({ ...node('a'), pods: 10, maxPods: 10 }, request(1, 1))).toBe('too many pods');
    expect(filterNode(node('a'), { ...request(1, 1), node: 'b' })).toBe('not the requested node');
    expect(filterNode({ ...node('a'), labels: { zone: 'x' } }, { ...request(1, 1), nodeSelector: { zone: 'y' } })).toBe(
      'node labels do not match the selector',
    );
  });

  it('lets a request fill a node exactly', () => {
    expect(filterNode(node('a', { cpu: 2, memoryGib: 2, usedCpu: 1.7 }), request(0.3, 2))).toBeUndefined();
  });
});

describe('scores', () => {
  it('least-allocated is the mean free share of cpu and memory after placement, 0-100', () => {
    // cpu: (4 - 2) / 4 = 0.5; memory: (8 - 2) / 8 = 0.75
    expect(leastAllocatedScore(node('a', { cpu: 4, memoryGib: 8, usedCpu: 1, usedMemoryGib: 1 }), request(1, 1).resources)).toBeCloseTo(62.5);
  });

  it('balanced-allocation is 100 for equal shares and falls as they drift apart', () => {
    const n = node('a', { cpu: 4, memoryGib: 8 });
    expect(balancedAllocationScore(n, request(2, 4).resources)).toBeCloseTo(100);
    // shares 0.5 and 0: standard deviation 0.25
    expect(balancedAllocationScore(n, request(2, 0).resources)).toBeCloseTo(75);
  });

  it('counts gpus in the balance only when the request asks for them', () => {
    const n = node('a', { cpu: 4, memoryGib: 8, gpus: 2 });
    expect(balancedAllocationScore(n, request(2, 4, 1).resources)).toBeCloseTo(100);
    expect(balancedAllocationScore(n, request(2, 4, 2).resources)).toBeLessThan(100);
  });
});

describe('Scheduler', () => {
  it('places on the emptier node with the default weights', () => {
    const nodes = [node('busy', { usedCpu: 6, usedMemoryGib: 12 }), node('idle')];
    expect(new Scheduler().schedule(nodes, request(1, 1))).toMatchObject({ kind: 'placed', node: 'idle', feasibleNodes: 2 });
  });

  it('follows the weights: least-allocated alone and balanced-allocation alone choose differently', () => {
    // roomy: lots free, but cpu-heavy after placement; even: less free, perfectly balanced.
    const roomy = node('roomy', { cpu: 16, memoryGib: 64 });
    const even = node('even', { cpu: 8, memoryGib: 16, usedCpu: 2, usedMemoryGib: 10 });
    const want = request(4, 2);
    expect(new Scheduler({ weights: { leastAllocated: 1, balancedAllocation: 0 } }).schedule([roomy, even], want)).toMatchObject({ node: 'roomy' });
    expect(new Scheduler({ weights: { leastAllocated: 0, balancedAllocation: 1 } }).schedule([roomy, even], want)).toMatchObject({ node: 'even' });
  });

  it('breaks ties by the preferred nodes, then by name, whatever the input order', () => {
    const nodes = [node('c'), node('a'), node('b')];
    expect(new Scheduler().schedule(nodes, request(1, 1))).toMatchObject({ node: 'a' });
    expect(new Scheduler().schedule(nodes, { ...request(1, 1), preferredNodes: ['b'] })).toMatchObject({ node: 'b' });
  });

  it('explains an unschedulable request the way kube-scheduler does', () => {
    const nodes = [node('a', { cpu: 1 }), node('b', { cpu: 1 }), { ...node('c'), ready: false }];
    const decision = new Scheduler().schedule(nodes, request(2, 1));
    expect(decision).toEqual({
      kind: 'unschedulable',
      reasons: { 'insufficient cpu': 2, 'node is not ready': 1 },
      evaluatedNodes: 3,
      message: '0/3 nodes are available: 2 insufficient cpu, 1 node is not ready.',
    });
    expect(new Scheduler().schedule([], request(1, 1))).toMatchObject({ message: '0/0 nodes are available: no nodes are known.' });
  });

  it('applies extra filters (policy) and counts their reasons', () => {
    const onlyTrusted = (n: SchedulableNode) => (n.labels?.trusted === 'yes' ? undefined : 'node is not trusted by policy');
    const nodes = [node('a'), { ...node('b'), labels: { trusted: 'yes' } }];
    const scheduler = new Scheduler({ filters: [onlyTrusted] });
    expect(scheduler.schedule(nodes, request(1, 1))).toMatchObject({ kind: 'placed', node: 'b' });
    expect(scheduler.schedule([node('a')], request(1, 1))).toMatchObject({ reasons: { 'node is not trusted by policy': 1 } });
  });

  it('on large clusters looks for a sample of feasible nodes and starts the next search where this one stopped', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => node(`n${String(i).padStart(4, '0')}`));
    expect(numFeasibleNodesToFind(1000)).toBe(420); // 50 - 1000/125 = 42 %
    expect(numFeasibleNodesToFind(5000)).toBe(500); // 10 %
    expect(numFeasibleNodesToFind(50)).toBe(50);
    const scheduler = new Scheduler();
    const first = scheduler.schedule(nodes, request(1, 1));
    const second = scheduler.schedule(nodes, request(1, 1));
    expect(first).toMatchObject({ kind: 'placed', node: 'n0000', evaluatedNodes: 420 });
    // All nodes score the same, so the tie goes to the lowest name in the window that starts at 420.
    expect(second).toMatchObject({ kind: 'placed', node: 'n0420', evaluatedNodes: 420 });
    expect(new Scheduler({ percentageOfNodesToScore: 100 }).schedule(nodes, request(1, 1))).toMatchObject({ evaluatedNodes: 1000 });
  });

  it('rejects weights and percentages that cannot mean anything', () => {
    expect(() => new Scheduler({ weights: { leastAllocated: 0, balancedAllocation: 0 } })).toThrow(/not both zero/);
    expect(() => new Scheduler({ percentageOfNodesToScore: 0 })).toThrow(/above 0/);
  });

  it('never places on a node that cannot fit, and places whenever some node can (full scan)', () => {
    const arbitraryNode = fc.record({
      name: fc.string({ minLength: 1, maxLength: 6 }),
      cpu: fc.integer({ min: 1, max: 64 }),
      memoryGib: fc.integer({ min: 1, max: 256 }),
      gpus: fc.integer({ min: 0, max: 4 }),
      usedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      ready: fc.boolean(),
    });
    const arbitraryRequest = fc.record({
      cpu: fc.double({ min: 0.01, max: 32, noNaN: true }),
      memoryGib: fc.double({ min: 0.01, max: 128, noNaN: true }),
      gpus: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryNode, { maxLength: 30 }), arbitraryRequest, (specs, want) => {
        const nodes = specs.map((s) => ({
          ...node(s.name, { cpu: s.cpu, memoryGib: s.memoryGib, gpus: s.gpus, usedCpu: s.cpu * s.usedShare, usedMemoryGib: s.memoryGib * s.usedShare }),
          ready: s.ready,
        }));
        const placement = request(want.cpu, want.memoryGib, want.gpus);
        const decision = new Scheduler({ percentageOfNodesToScore: 100 }).schedule(nodes, placement);
        const fitting = nodes.filter((n) => filterNode(n, placement) === undefined);
        if (decision.kind === 'placed') {
          expect(fitting.map((n) => n.name)).toContain(decision.node);
        } else {
          expect(fitting).toEqual([]);
          expect(Object.values(decision.reasons).reduce((a, b) => a + b, 0)).toBe(nodes.length);
        }
      }),
    );
  });
});
