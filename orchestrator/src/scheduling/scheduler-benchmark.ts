import { performance } from 'node:perf_hooks';
import { Scheduler, type PlacementRequest, type SchedulableNode, type SchedulerOptions } from './scheduler';

// How many decisions per second the pure scheduler makes over a simulated cluster. Each placed
// pod is committed to its node, so later decisions see a fuller cluster, as in real use.
// Seeded: the same options give the same cluster and the same requests.

export interface SchedulerBenchmarkOptions {
  nodes?: number;
  decisions?: number;
  seed?: number;
  scheduler?: SchedulerOptions;
}

export interface SchedulerBenchmarkResult {
  nodes: number;
  decisions: number;
  placed: number;
  unschedulable: number;
  seconds: number;
  decisionsPerSecond: number;
  /** Mean nodes filtered and scored per decision (all of them on a full scan). */
  meanEvaluatedNodes: number;
  percentageOfNodesToScore: number | 'adaptive';
}

const GIB = 1024 ** 3;

/** mulberry32: small, fast, good enough to vary a simulated cluster. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function simulatedCluster(count: number, random: () => number): SchedulableNode[] {
  const cores = [4, 8, 16, 32, 64];
  return Array.from({ length: count }, (_, i) => {
    const cpu = cores[Math.floor(random() * cores.length)]!;
    const memoryBytes = cpu * (2 + Math.floor(random() * 3)) * GIB;
    const gpus = random() < 0.1 ? 1 + Math.floor(random() * 4) : 0;
    const used = random() * 0.6;
    return {
      name: `node-${String(i).padStart(5, '0')}`,
      ready: random() > 0.01,
      capacity: { cpu, memoryBytes, gpus },
      allocated: { cpu: cpu * used, memoryBytes: Math.floor(memoryBytes * used), gpus: 0 },
      pods: 0,
      maxPods: 110,
      labels: { zone: `zone-${i % 3}` },
    };
  });
}

function simulatedRequests(count: number, random: () => number): PlacementRequest[] {
  return Array.from({ length: count }, () => ({
    resources: {
      cpu: [0.1, 0.25, 0.5, 1, 2][Math.floor(random() * 5)]!,
      memoryBytes: [128, 256, 512, 1024, 4096][Math.floor(random() * 5)]! * 1024 * 1024,
      gpus: random() < 0.02 ? 1 : 0,
    },
  }));
}

export function benchmarkScheduler(options: SchedulerBenchmarkOptions = {}): SchedulerBenchmarkResult {
  const nodeCount = options.nodes ?? 5_000;
  const decisions = options.decisions ?? 20_000;
  const random = seededRandom(options.seed ?? 42);
  const nodes = simulatedCluster(nodeCount, random);
  const requests = simulatedRequests(decisions, random);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const scheduler = new Scheduler(options.scheduler);

  let placed = 0;
  let evaluated = 0;
  const started = performance.now();
  for (const request of requests) {
    const decision = scheduler.schedule(nodes, request);
    evaluated += decision.evaluatedNodes;
    if (decision.kind !== 'placed') continue;
    placed++;
    const target = byName.get(decision.node)!;
    target.allocated = {
      cpu: target.allocated.cpu + request.resources.cpu,
      memoryBytes: target.allocated.memoryBytes + request.resources.memoryBytes,
      gpus: target.allocated.gpus + request.resources.gpus,
    };
    target.pods++;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    nodes: nodeCount,
    decisions,
    placed,
    unschedulable: decisions - placed,
    seconds: Number(seconds.toFixed(4)),
    decisionsPerSecond: Math.round(decisions / seconds),
    meanEvaluatedNodes: Math.round(evaluated / decisions),
    percentageOfNodesToScore: options.scheduler?.percentageOfNodesToScore ?? 'adaptive',
  };
}
