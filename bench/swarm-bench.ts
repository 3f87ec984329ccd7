/**
 * `npm run bench:swarm`: the same workload through the real Orchestrator on the Docker runtime
 * and on the Swarm runtime, on this machine's engine, printed as one JSON document on stdout
 * (progress on stderr). Figures, not a test.
 *
 * - scheduleToRunningMs: schedule() until the pod reports running (Swarm adds a service update,
 *   its scheduler and the task's start on top of a container's create + start).
 * - evictMs: evict() of the running pod until it returns (stop with 1 s grace, then remove).
 *
 * Samples alternate between the runtimes so drift hits both alike. The engine is put into swarm
 * mode only if it is in none (and left again at the end, with docker_gwbridge), as the Swarm test
 * does; a swarm that was already there is used and left alone. Every workload carries
 * vaultplane.label.bench=<run> and is evicted as it is measured; leftovers are removed at the end.
 * Usage: tsx bench/swarm-bench.ts [--samples 5]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, DockerRuntime, SwarmRuntime, createOrchestrator, type ContainerRuntime, type OrchestratorHandle } from '../orchestrator/src/index';
import { testDockerClient } from '../test/support/docker';
import { joinTestSwarm, leaveTestSwarm } from '../test/support/swarm';
import { percentile } from './percentile';
import { positiveArgument } from './positive-argument';

const IMAGE = 'vaultplane/busybox:test';
const RUN = `swarm-bench-${process.pid}-${Date.now().toString(36)}`;
const NAMESPACE = 'bench';
const NETWORK = `vp-bench-${process.pid}`;

const samples = positiveArgument('samples', 5);

const log = (message: string) => process.stderr.write(`swarm-bench: ${message}\n`);
const summary = (times: number[]) => ({ p50: Math.round(percentile(times, 50)), p95: Math.round(percentile(times, 95)), samples: times.map(Math.round) });

async function open(runtime: ContainerRuntime, dataDir: string): Promise<OrchestratorHandle> {
  await writeFile(join(dataDir, 'policy.yaml'), `namespaces:\n  ${NAMESPACE}: {}\n`);
  return createOrchestrator({ dataDir, runtime, network: NETWORK, evictGraceSeconds: 1, podCacheMaxAgeMs: 0 });
}

async function once(handle: OrchestratorHandle, name: string): Promise<{ toRunning: number; evict: number }> {
  const started = performance.now();
  const { pod } = await handle.orchestrator.schedule(
    { name, image: IMAGE, command: ['sleep', '600'], cpu: 0.1, memoryMb: 32, namespace: NAMESPACE, labels: { bench: RUN } },
    { principal: ADMIN },
  );
  while ((await handle.orchestrator.get(pod.id)).status !== 'running') await new Promise((resolve) => setTimeout(resolve, 25));
  const running = performance.now();
  await handle.orchestrator.evict(pod.id);
  return { toRunning: running - started, evict: performance.now() - running };
}

async function main(): Promise<void> {
  const client = testDockerClient();
  const swarm = await joinTestSwarm();
  const dirs = await Promise.all([mkdtemp(join(tmpdir(), 'vp-bench-docker-')), mkdtemp(join(tmpdir(), 'vp-bench-swarm-'))]);
  const handles: OrchestratorHandle[] = [];
  try {
    handles.push(await open(new DockerRuntime(), dirs[0]!), await open(new SwarmRuntime(), dirs[1]!));
    const times = { docker: { toRunning: [] as number[], evict: [] as number[] }, swarm: { toRunning: [] as number[], evict: [] as number[] } };
    for (let i = 0; i < samples; i++) {
      for (const [kind, handle] of [['docker', handles[0]!], ['swarm', handles[1]!]] as const) {
        const measured = await once(handle, `${kind}-${i}`);
        times[kind].toRunning.push(measured.toRunning);
        times[kind].evict.push(measured.evict);
        log(`${kind} #${i + 1}: running after ${Math.round(measured.toRunning)} ms, evicted in ${Math.round(measured.evict)} ms`);
      }
    }
    const info = (await client.info()) as { NCPU: number; ServerVersion: string };
    process.stdout.write(
      `${JSON.stringify(
        {
          engine: { version: info.ServerVersion, cpus: info.NCPU },
          swarmInitialisedByBench: swarm.owned,
          scheduleToRunningMs: { docker: summary(times.docker.toRunning), swarm: summary(times.swarm.toRunning) },
          evictMs: { docker: summary(times.docker.evict), swarm: summary(times.swarm.evict) },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await Promise.all(handles.map((handle) => handle.close()));
    const services = await client.listServices({ filters: { label: [`vaultplane.label.bench=${RUN}`] } }).catch(() => []);
    await Promise.all(services.map((service) => client.getService(service.ID).remove().catch(() => undefined)));
    const containers = await client.listContainers({ all: true, filters: { label: [`vaultplane.label.bench=${RUN}`] } });
    await Promise.all(containers.filter((c) => c.Labels['com.docker.swarm.service.id'] === undefined).map((c) => client.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
    // The overlay goes once Swarm has removed the task containers.
    for (let attempt = 0; attempt < 50; attempt++) {
      if ((await client.listContainers({ all: true, filters: { label: [`vaultplane.label.bench=${RUN}`] } })).length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await client.getNetwork(`${NETWORK}-swarm`).remove().catch(() => undefined);
    await client.getNetwork(NETWORK).remove().catch(() => undefined);
    await leaveTestSwarm(swarm);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
