/**
 * `npm run bench:placement`: placement across peers, printed as one JSON document on stdout
 * (progress on stderr). Figures, not a test: nothing fails on a threshold.
 *
 * - acrossPeers: two real standalone orchestrator processes on 127.0.0.1 sharing the real Docker
 *   engine. alpha declares too little memory for the workload, so every POST /schedule to alpha is
 *   placed on bravo (schedule → placed and started on the peer → answered). `direct` is the same
 *   spec sent to bravo itself in the same run, alternating, so the difference is the cost of the
 *   hop (signing, verifying, the second HTTP round trip).
 * - clusterScheduler: decisions per second of what alpha runs per request before forwarding:
 *   filter and score this node with its peers together (Scheduler.rank) and order the tries
 *   (placementOrder), over simulated clusters of several sizes.
 *
 * Containers carry vaultplane.label.bench=<run> and are removed at the end and on failure.
 * Usage: tsx bench/placement-bench.ts [--samples 20] [--decisions 20000]
 */
import Docker from 'dockerode';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { placementOrder } from '../orchestrator/src/scheduling/placement-order';
import { MIB } from '../orchestrator/src/scheduling/resources';
import { Scheduler } from '../orchestrator/src/scheduling/scheduler';
import { seededRandom, simulatedCluster } from '../orchestrator/src/scheduling/scheduler-benchmark';
import { OrchestratorProcess, prepareNode, writePeersFile, type NodeSetup } from '../test/support/orchestrator-process';
import { percentile } from './percentile';
import { positiveArgument } from './positive-argument';

const IMAGE = 'vaultplane/busybox:test';
const RUN = `pb${process.pid.toString(36)}${Date.now().toString(36)}`;
const RUN_LABEL = 'vaultplane.label.bench';
const TOKEN = `placement-bench-${RUN}`;
const WARMUP = 2;

const samples = positiveArgument('samples', 20);
const decisions = positiveArgument('decisions', 20_000);
const log = (message: string) => process.stderr.write(`placement-bench: ${message}\n`);
const summary = (times: number[]) => ({ samples: times.length, p50: percentile(times, 50), p95: percentile(times, 95) });

function clusterScheduler(nodeCount: number): { nodes: number; decisions: number; decisionsPerSecond: number; forwarded: number } {
  const random = seededRandom(7);
  const nodes = simulatedCluster(nodeCount, random);
  const local = nodes[0]!.name;
  const scheduler = new Scheduler();
  const requests = Array.from({ length: decisions }, () => ({
    resources: { cpu: [0.1, 0.5, 1, 2, 8][Math.floor(random() * 5)]!, memoryBytes: [128, 512, 2048, 8192][Math.floor(random() * 4)]! * MIB, gpus: 0 },
  }));
  let forwarded = 0;
  const started = performance.now();
  for (const request of requests) {
    const order = placementOrder(local, scheduler.rank(nodes, request).ranked);
    if (order[0] !== undefined && !order[0].local) forwarded++;
  }
  const seconds = (performance.now() - started) / 1000;
  return { nodes: nodeCount, decisions, decisionsPerSecond: Math.round(decisions / seconds), forwarded };
}

async function post(url: string, body: unknown): Promise<{ status: number; node: string }> {
  const response = await fetch(`${url}/schedule`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { pod?: { node: string }; error?: { message: string } };
  if (response.status !== 201) throw new Error(`schedule answered ${response.status}: ${answer.error?.message ?? ''}`);
  return { status: response.status, node: answer.pod!.node };
}

async function removeBenchContainers(): Promise<number> {
  const docker = process.env.DOCKER_HOST ? new Docker() : new Docker({ socketPath: '/var/run/docker.sock' });
  const found = await docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${RUN}`] } });
  await Promise.all(found.map((container) => docker.getContainer(container.Id).remove({ force: true }).catch(() => undefined)));
  return found.length;
}

async function acrossPeers(root: string) {
  const alpha = await prepareNode(`alpha-${RUN}`, join(root, 'alpha'));
  const bravo = await prepareNode(`bravo-${RUN}`, join(root, 'bravo'));
  const acl = [{ peer: '*', namespaces: ['*'], actions: ['schedule' as const, 'read' as const] }];
  const config = (self: NodeSetup, other: NodeSetup, otherName: string, capacity: { cpu: number; memoryMb: number }) =>
    writePeersFile(self, {
      node: self.name,
      capacity,
      discovery: { static: [`http://127.0.0.1:${other.port}`] },
      trusted: [{ name: otherName, publicKey: other.identity.publicKey }],
      acl,
    });
  await config(alpha, bravo, 'bravo', { cpu: 1, memoryMb: 64 });
  await config(bravo, alpha, 'alpha', { cpu: 64, memoryMb: 64 * 1024 });
  const processes = await Promise.all([OrchestratorProcess.start(alpha, TOKEN), OrchestratorProcess.start(bravo, TOKEN)]);
  try {
    const [alphaProcess, bravoProcess] = processes;
    // Until alpha's capacity exchange has seen bravo.
    for (let tries = 0; ; tries++) {
      const health = (await (await fetch(`${alphaProcess!.url}/health`)).json()) as { peers?: Array<{ state: string }> };
      if (health.peers?.[0]?.state === 'available') break;
      if (tries > 100) throw new Error('alpha never saw bravo answer');
      await new Promise((done) => setTimeout(done, 200));
    }
    const spec = (index: number) => ({ name: `pb-${index}`, image: IMAGE, command: ['sleep', '600'], cpu: 0.05, memoryMb: 128, labels: { bench: RUN } });
    const viaPeer: number[] = [];
    const direct: number[] = [];
    for (let index = 0; index < samples + WARMUP; index++) {
      // Alternating, so drift of the shared machine hits both alike.
      for (const [target, times] of (index % 2 === 0 ? [[alphaProcess!, viaPeer], [bravoProcess!, direct]] : [[bravoProcess!, direct], [alphaProcess!, viaPeer]]) as Array<[OrchestratorProcess, number[]]>) {
        const started = performance.now();
        const placed = await post(target.url, spec(index * 2 + (times === direct ? 1 : 0)));
        const elapsed = performance.now() - started;
        if (placed.node !== bravo.name) throw new Error(`expected bravo to place it, ${placed.node} did`);
        if (index >= WARMUP) times.push(elapsed);
      }
      log(`sample ${index + 1}/${samples + WARMUP}`);
    }
    return { scheduleToPlacedOnPeerMs: summary(viaPeer), scheduleOnPeerDirectlyMs: summary(direct), hopCostP50Ms: Math.round((percentile(viaPeer, 50) - percentile(direct, 50)) * 100) / 100 };
  } finally {
    await Promise.all(processes.map((process) => process.stop()));
  }
}

const root = await mkdtemp(join(tmpdir(), 'vp-placement-bench-'));
try {
  log('cluster scheduler');
  clusterScheduler(3); // warm-up for the JIT, not reported
  // Peering is for a handful of machines (past that, Swarm): sizes around that, and one far above.
  const scheduler = [3, 10, 100].map(clusterScheduler);
  log('placement across peers (real processes, real engine)');
  const peers = await acrossPeers(root);
  process.stdout.write(`${JSON.stringify({ run: RUN, acrossPeers: peers, clusterScheduler: scheduler }, null, 2)}\n`);
} finally {
  log(`removed ${await removeBenchContainers()} containers`);
  await rm(root, { recursive: true, force: true });
}
