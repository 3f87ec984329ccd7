import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from '../../orchestrator/src/index';
import { TEST_IMAGE } from '../support/docker';
import { eventually } from '../support/temp-vault';
import { problemList, summarizeMs, type MsSummary } from './figures';
import { PrivateEngine } from './private-engine';
import { startServeUnderTest, type ServeUnderTest } from './serve-under-test';

// kill -9 `vaultplane serve` while it runs workloads, restart it, and check that every
// workload is found again with its metadata (namespace, task, labels, TTL) through GET /pods
// and MCP list_pods, and that a TTL which ran out while the server was dead is still enforced.
// Docker is the source of truth, so nothing of this may live only in the dead process.
// It runs on a private engine: on the shared one, another test's orchestrator enforces TTLs
// too and may remove the expired pod while ours is dead, which would prove nothing.

export interface WorkloadCrashOptions {
  cycles: number;
  workloads: number;
  log?: (message: string) => void;
}

export interface WorkloadCrashFigures {
  suite: 'workload-crash';
  cycles: number;
  workloads: number;
  /** Per cycle: workloads GET /pods showed after the restart with unchanged metadata. */
  recoveredPerCycle: number[];
  /** Workloads missing or changed after a restart, summed over cycles (must be 0). */
  lostOrChanged: number;
  firstLoss?: { cycle: number; detail: string };
  /** Cycles whose MCP list_pods listed all workloads with namespace and task. */
  mcpListsComplete: number;
  /** Short-TTL pods that expired while the server was dead and were removed after the restart. */
  ttlEvictedAfterRestart: number;
  /** Spawn to "serving" after a kill -9. */
  restartMs: MsSummary;
  /** Restart to the expired pod gone from the engine (the TTL loop runs every 5 s). */
  ttlEvictionMs: MsSummary;
}

const NAMESPACES = ['default', 'faults-a', 'faults-b'];
const SHORT_TTL_SECONDS = 2;
/** A shell that ends on SIGTERM, so an eviction does not wait out Docker's grace period. */
const SLEEPER = ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'];

/** The metadata a restart must keep, as one comparable string. */
function metadata(pod: Pod): string {
  const { id, containerId, name, namespace, task, image, createdAt, expiresAt, resources, labels, specHash } = pod;
  return JSON.stringify({ id, containerId, name, namespace, task, image, createdAt, expiresAt, resources, labels, specHash });
}

/** What the figures show to be wrong; empty when every restart found everything. */
export function workloadCrashProblems(figures: WorkloadCrashFigures, cycles: number): string[] {
  return problemList([
    [figures.cycles !== cycles, `${figures.cycles} of ${cycles} cycles ran`],
    [figures.recoveredPerCycle.some((count) => count !== figures.workloads), `recovered per cycle: ${figures.recoveredPerCycle.join(', ')} of ${figures.workloads}; first loss: ${JSON.stringify(figures.firstLoss)}`],
    [figures.mcpListsComplete !== cycles, `MCP list_pods was complete in ${figures.mcpListsComplete} of ${cycles} cycles`],
    [figures.ttlEvictedAfterRestart !== cycles, `${figures.ttlEvictedAfterRestart} of ${cycles} expired pods were evicted after the restart`],
  ]);
}

export async function runWorkloadCrashSuite(options: WorkloadCrashOptions): Promise<WorkloadCrashFigures> {
  const log = options.log ?? (() => {});
  const run = `faults-wl-${process.pid}-${Date.now()}`;
  const token = `token-${run}`;
  const work = await mkdtemp(join(tmpdir(), 'vp-faults-workloads-'));
  const vault = join(work, 'vault');
  await mkdir(join(vault, '.vaultplane'), { recursive: true });
  await writeFile(join(vault, 'note.md'), '# Workloads\n\nA vault for the workload crash suite.\n');
  await writeFile(join(vault, '.vaultplane/policy.yaml'), `namespaces:\n${NAMESPACES.map((name) => `  ${name}: {}\n`).join('')}`);

  const figures: WorkloadCrashFigures = {
    suite: 'workload-crash',
    cycles: 0,
    workloads: options.workloads,
    recoveredPerCycle: [],
    lostOrChanged: 0,
    mcpListsComplete: 0,
    ttlEvictedAfterRestart: 0,
    restartMs: summarizeMs([]),
    ttlEvictionMs: summarizeMs([]),
  };
  const restartTimes: number[] = [];
  const evictionTimes: number[] = [];
  let server: ServeUnderTest | undefined;
  let engine: PrivateEngine | undefined;
  const ourPods = async (): Promise<Pod[]> => {
    const listed = await server!.api('GET', '/pods');
    if (listed.status !== 200) throw new Error(`GET /pods answered ${listed.status}: ${JSON.stringify(listed.body)}`);
    return (listed.body.pods as Pod[]).filter((pod) => pod.labels.run === run);
  };
  const schedule = async (spec: object): Promise<Pod> => {
    const answer = await server!.api('POST', '/schedule', { image: TEST_IMAGE, command: SLEEPER, cpu: 0.01, memoryMb: 6, ...spec });
    if (answer.status !== 201) throw new Error(`POST /schedule answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.pod as Pod;
  };

  try {
    engine = await PrivateEngine.start();
    const env = { DOCKER_HOST: engine.host };
    server = await startServeUnderTest(vault, token, env);
    const expected = new Map<string, string>();
    for (let n = 0; n < options.workloads; n++) {
      const pod = await schedule({
        name: `keep-${n}`,
        namespace: NAMESPACES[n % NAMESPACES.length],
        task: `001-example/T${String(n + 1).padStart(3, '0')}`,
        ttlSeconds: 3600 + n,
        labels: { run, role: 'keeper', index: String(n) },
      });
      expected.set(pod.id, metadata(pod));
    }
    log(`${expected.size} workloads running`);

    for (let cycle = 0; cycle < options.cycles; cycle++) {
      const shortLived = await schedule({ name: `short-${cycle}`, ttlSeconds: SHORT_TTL_SECONDS, labels: { run, role: 'short' } });
      await server.cli.kill9();
      server = undefined;
      // Let the TTL run out while no server is alive to enforce it.
      const expiresAt = Date.parse(shortLived.expiresAt!);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 200));
      // The engine still has it: only the restarted server can be the one that removes it.
      await engine.client().getContainer(shortLived.containerId).inspect();

      server = await startServeUnderTest(vault, token, env);
      const restarted = Date.now();
      restartTimes.push(server.startMs);

      const pods = await ourPods();
      const byId = new Map(pods.map((pod) => [pod.id, pod]));
      let recovered = 0;
      for (const [id, before] of expected) {
        const after = byId.get(id);
        if (after && metadata(after) === before && after.status === 'running') recovered += 1;
        else {
          figures.lostOrChanged += 1;
          figures.firstLoss ??= { cycle, detail: after ? `${id} now ${after.status}: ${metadata(after)} (was ${before})` : `${id} missing` };
        }
      }
      figures.recoveredPerCycle.push(recovered);

      const client = await server.mcp();
      try {
        const listed = (await client.callTool({ name: 'list_pods', arguments: {} })).structuredContent as { pods: Pod[] };
        const seen = new Map(listed.pods.map((pod) => [pod.id, pod]));
        const complete = [...expected.values()].every((text) => {
          const before = JSON.parse(text) as Pod;
          const pod = seen.get(before.id);
          return pod !== undefined && pod.namespace === before.namespace && pod.task === before.task && pod.expiresAt === before.expiresAt;
        });
        if (complete) figures.mcpListsComplete += 1;
      } finally {
        await client.close();
      }

      await eventually(async () => (await ourPods()).every((pod) => pod.id !== shortLived.id), `the expired pod ${shortLived.id} to be evicted after the restart`, 30_000);
      evictionTimes.push(Date.now() - restarted);
      figures.ttlEvictedAfterRestart += 1;
      figures.cycles += 1;
      log(`cycle ${cycle + 1}/${options.cycles}: ${recovered}/${expected.size} recovered, restart ${server.startMs} ms, expired pod evicted after ${evictionTimes.at(-1)} ms`);
    }
    figures.restartMs = summarizeMs(restartTimes);
    figures.ttlEvictionMs = summarizeMs(evictionTimes);
    return figures;
  } finally {
    await server?.cli.stop();
    await engine?.destroy();
    await rm(work, { recursive: true, force: true });
  }
}
