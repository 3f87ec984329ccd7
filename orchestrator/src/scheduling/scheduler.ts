import type { Resources } from './resources';

// Filter then score, as kube-scheduler does. Pure: nodes and the request in, a decision out.
//
// Filter: drop nodes that are not ready, cannot fit the request's CPU, memory or GPUs, have no
// room for another pod, or fail an extra (policy) filter. Score the rest with
//   least-allocated:      mean over cpu and memory of (capacity - requested) / capacity
//   balanced-allocation:  1 - standard deviation of the requested fractions (cpu, memory, gpu)
// (both as in kube-scheduler's NodeResourcesFit and NodeResourcesBalancedAllocation, on 0-100),
// combined by configurable weights. Like kube-scheduler, large clusters only look for a sample
// of feasible nodes (percentageOfNodesToScore), starting where the last decision stopped so
// every node gets its turn.

export interface SchedulableNode {
  name: string;
  ready: boolean;
  /** What the node offers workloads in total. */
  capacity: Resources;
  /** Reserved by workloads already placed there. */
  allocated: Resources;
  pods: number;
  /** Undefined: no limit. */
  maxPods?: number | undefined;
  labels?: Readonly<Record<string, string>> | undefined;
}

export interface PlacementRequest {
  resources: Resources;
  /** Only this node may run it. */
  node?: string | undefined;
  /** Labels a node must carry, all of them. */
  nodeSelector?: Readonly<Record<string, string>> | undefined;
  /** Among equally good nodes, these win, in this order. */
  preferredNodes?: readonly string[] | undefined;
}

export interface ScoreWeights {
  leastAllocated: number;
  balancedAllocation: number;
}

export const DEFAULT_WEIGHTS: ScoreWeights = Object.freeze({ leastAllocated: 1, balancedAllocation: 1 });

/** An extra filter (e.g. policy); returns why the node is unfit, or undefined when it fits. */
export type NodeFilter = (node: SchedulableNode, request: PlacementRequest) => string | undefined;

export interface SchedulerOptions {
  weights?: ScoreWeights;
  /**
   * Share of nodes to find feasible before scoring stops looking (1-100). Default: kube-scheduler's
   * adaptive rule, max(5, 50 - nodes/125) %, never fewer than 100 nodes.
   */
  percentageOfNodesToScore?: number;
  filters?: readonly NodeFilter[];
}

export type FilterReason =
  | 'node is not ready'
  | 'insufficient cpu'
  | 'insufficient memory'
  | 'insufficient gpu'
  | 'too many pods'
  | 'not the requested node'
  | 'node labels do not match the selector'
  | (string & {});

export type ScheduleDecision =
  | { kind: 'placed'; node: string; score: number; feasibleNodes: number; evaluatedNodes: number }
  | {
      kind: 'unschedulable';
      /** How many nodes were filtered out for each reason. */
      reasons: Record<string, number>;
      evaluatedNodes: number;
      /** "0/3 nodes are available: 2 insufficient cpu, 1 insufficient memory." as kube words it. */
      message: string;
    };

export interface RankedNodes {
  /** Nodes that fit, best score first. */
  ranked: Array<{ node: string; score: number }>;
  /** How many nodes were filtered out for each reason. */
  reasons: Record<string, number>;
  /** Why nothing fits, worded as schedule() words it; meaningful when `ranked` is empty. */
  message: string;
}

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

export function numFeasibleNodesToFind(nodeCount: number, percentage?: number): number {
  if (nodeCount < MIN_FEASIBLE_NODES_TO_FIND) return nodeCount;
  const adaptive = percentage ?? Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - Math.floor(nodeCount / 125));
  if (adaptive >= 100) return nodeCount;
  const count = Math.floor((nodeCount * adaptive) / 100);
  return Math.min(nodeCount, Math.max(MIN_FEASIBLE_NODES_TO_FIND, count));
}

/** Why the node cannot take the request, or undefined when it can. */
export function filterNode(node: SchedulableNode, request: PlacementRequest): FilterReason | undefined {
  if (request.node !== undefined && node.name !== request.node) return 'not the requested node';
  if (!node.ready) return 'node is not ready';
  if (node.maxPods !== undefined && node.pods >= node.maxPods) return 'too many pods';
  const want = request.resources;
  if (want.cpu > node.capacity.cpu - node.allocated.cpu + 1e-9) return 'insufficient cpu';
  if (want.memoryBytes > node.capacity.memoryBytes - node.allocated.memoryBytes) return 'insufficient memory';
  if (want.gpus > node.capacity.gpus - node.allocated.gpus) return 'insufficient gpu';
  if (request.nodeSelector !== undefined) {
    for (const [key, value] of Object.entries(request.nodeSelector)) {
      if (node.labels?.[key] !== value) return 'node labels do not match the selector';
    }
  }
  return undefined;
}

/** 0-100: higher when more of cpu and memory stays free after placing the request. */
export function leastAllocatedScore(node: SchedulableNode, request: Resources): number {
  const cpu = freeShare(node.capacity.cpu, node.allocated.cpu + request.cpu);
  const memory = freeShare(node.capacity.memoryBytes, node.allocated.memoryBytes + request.memoryBytes);
  return ((cpu + memory) / 2) * 100;
}

/** 0-100: higher when cpu, memory (and gpu, when asked for) would be used in equal shares. */
export function balancedAllocationScore(node: SchedulableNode, request: Resources): number {
  const cpu = usedShare(node.capacity.cpu, node.allocated.cpu + request.cpu);
  const memory = usedShare(node.capacity.memoryBytes, node.allocated.memoryBytes + request.memoryBytes);
  if (request.gpus > 0 && node.capacity.gpus > 0) {
    const gpu = usedShare(node.capacity.gpus, node.allocated.gpus + request.gpus);
    const mean = (cpu + memory + gpu) / 3;
    const variance = ((cpu - mean) ** 2 + (memory - mean) ** 2 + (gpu - mean) ** 2) / 3;
    return (1 - Math.sqrt(variance)) * 100;
  }
  // Two values: the standard deviation is half their distance.
  return (1 - Math.abs(cpu - memory) / 2) * 100;
}

export function scoreNode(node: SchedulableNode, request: Resources, weights: ScoreWeights = DEFAULT_WEIGHTS): number {
  const total = weights.leastAllocated + weights.balancedAllocation;
  if (total <= 0) return 0;
  return (
    (weights.leastAllocated * leastAllocatedScore(node, request) +
      weights.balancedAllocation * balancedAllocationScore(node, request)) /
    total
  );
}

function freeShare(capacity: number, requested: number): number {
  if (capacity <= 0) return 0;
  return Math.max(0, capacity - requested) / capacity;
}

function usedShare(capacity: number, requested: number): number {
  if (capacity <= 0) return 1;
  return Math.min(1, requested / capacity);
}

/** Keeps where the last search stopped; otherwise stateless and pure. */
export class Scheduler {
  private nextStartIndex = 0;
  private readonly weights: ScoreWeights;
  private readonly percentage: number | undefined;
  private readonly filters: readonly NodeFilter[];

  constructor(options: SchedulerOptions = {}) {
    const weights = options.weights ?? DEFAULT_WEIGHTS;
    if (!(weights.leastAllocated >= 0 && weights.balancedAllocation >= 0) || weights.leastAllocated + weights.balancedAllocation <= 0) {
      throw new Error('Scheduler weights must be zero or more and not both zero; e.g. { leastAllocated: 1, balancedAllocation: 1 }');
    }
    const percentage = options.percentageOfNodesToScore;
    if (percentage !== undefined && !(percentage > 0 && percentage <= 100)) {
      throw new Error(`percentageOfNodesToScore ${percentage} must be above 0 and at most 100`);
    }
    this.weights = weights;
    this.percentage = percentage;
    this.filters = options.filters ?? [];
  }

  schedule(nodes: readonly SchedulableNode[], request: PlacementRequest): ScheduleDecision {
    const count = nodes.length;
    const wanted = request.node === undefined ? numFeasibleNodesToFind(count, this.percentage) : count;
    const start = count === 0 ? 0 : this.nextStartIndex % count;
    const reasons: Record<string, number> = {};

    let best: Candidate | undefined;
    let feasible = 0;
    let evaluated = 0;
    for (; evaluated < count && feasible < wanted; evaluated++) {
      const candidate = this.evaluate(nodes[(start + evaluated) % count]!, request, reasons);
      if (candidate === undefined) continue;
      feasible++;
      if (best === undefined || byRank(candidate, best) < 0) best = candidate;
    }
    this.nextStartIndex = count === 0 ? 0 : (start + evaluated) % count;

    if (best === undefined) {
      return { kind: 'unschedulable', reasons, evaluatedNodes: evaluated, message: unschedulableMessage(count, reasons) };
    }
    return { kind: 'placed', node: best.node, score: best.score, feasibleNodes: feasible, evaluatedNodes: evaluated };
  }

  /**
   * Every node that fits, best first (same score and tie rules as schedule(), no sampling), for
   * callers that try one node after another: placement across peers falls back to the next.
   */
  rank(nodes: readonly SchedulableNode[], request: PlacementRequest): RankedNodes {
    const reasons: Record<string, number> = {};
    const feasible: Candidate[] = [];
    for (const node of nodes) {
      const candidate = this.evaluate(node, request, reasons);
      if (candidate !== undefined) feasible.push(candidate);
    }
    feasible.sort(byRank);
    return {
      ranked: feasible.map(({ node, score }) => ({ node, score })),
      reasons,
      message: unschedulableMessage(nodes.length, reasons),
    };
  }

  /** The node scored, or undefined after counting why it was filtered out. */
  private evaluate(node: SchedulableNode, request: PlacementRequest, reasons: Record<string, number>): Candidate | undefined {
    const reason = filterNode(node, request) ?? this.extraFilters(node, request);
    if (reason !== undefined) {
      reasons[reason] = (reasons[reason] ?? 0) + 1;
      return undefined;
    }
    const preferred = request.preferredNodes ?? [];
    return { node: node.name, score: scoreNode(node, request.resources, this.weights), preference: preferred.length === 0 ? 0 : rank(preferred, node.name) };
  }

  private extraFilters(node: SchedulableNode, request: PlacementRequest): string | undefined {
    for (const filter of this.filters) {
      const reason = filter(node, request);
      if (reason !== undefined) return reason;
    }
    return undefined;
  }
}

interface Candidate {
  node: string;
  score: number;
  /** Position in the request's preferredNodes; lower is preferred. */
  preference: number;
}

/** Best first. Ties: a preferred node first, then the name, so the same input gives the same answer. */
function byRank(a: Candidate, b: Candidate): number {
  if (Math.abs(a.score - b.score) > 1e-9) return b.score - a.score;
  return a.preference - b.preference || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0);
}

function rank(preferred: readonly string[], name: string): number {
  const index = preferred.indexOf(name);
  return index === -1 ? preferred.length : index;
}

function unschedulableMessage(nodeCount: number, reasons: Readonly<Record<string, number>>): string {
  const parts = Object.entries(reasons)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([reason, n]) => `${n} ${reason}`);
  const detail = parts.length === 0 ? 'no nodes are known' : parts.join(', ');
  return `0/${nodeCount} nodes are available: ${detail}.`;
}
