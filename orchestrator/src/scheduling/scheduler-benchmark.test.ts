import { describe, expect, it } from 'vitest';
import { benchmarkScheduler, seededRandom, simulatedCluster } from './scheduler-benchmark';

// Correctness of the benchmark, not its speed: the numbers it prints must describe real work.
describe('benchmarkScheduler', () => {
  it('builds the same cluster from the same seed', () => {
    expect(simulatedCluster(50, seededRandom(7))).toEqual(simulatedCluster(50, seededRandom(7)));
    expect(simulatedCluster(50, seededRandom(7))).not.toEqual(simulatedCluster(50, seededRandom(8)));
  });

  it('makes every decision it reports and places pods on a 5,000-node cluster', () => {
    const result = benchmarkScheduler({ nodes: 5_000, decisions: 500 });
    expect(result).toMatchObject({ nodes: 5_000, decisions: 500, percentageOfNodesToScore: 'adaptive' });
    expect(result.placed + result.unschedulable).toBe(500);
    expect(result.placed).toBeGreaterThan(450);
    expect(result.meanEvaluatedNodes).toBeGreaterThanOrEqual(500);
    expect(result.decisionsPerSecond).toBeGreaterThan(0);
  });

  it('evaluates every node per decision on a full scan', () => {
    expect(benchmarkScheduler({ nodes: 300, decisions: 20, scheduler: { percentageOfNodesToScore: 100 } }).meanEvaluatedNodes).toBe(300);
  });
});
