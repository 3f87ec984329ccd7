/**
 * `npm run bench:orchestrator`: the orchestrator against the real Docker engine, printed as one
 * JSON document on stdout (progress on stderr). Figures, not a test: targets are reported with
 * `met`, and the exit code is 0 whatever they are.
 *
 * - scheduleToRunning: POST /schedule until the pod is running, vs dockerode create+start of
 *   the same container (same image, command, limits, network, labels) in the same run, in
 *   alternating order so drift hits both alike. Target: API p50 ≤ 1.15 × raw p50.
 * - listPods: GET /pods with `--pods` running pods. Target: p95 ≤ 20 ms. The pods are made with
 *   dockerode and the orchestrator's own labels (placement is not what is measured), which also
 *   keeps the node's CPU capacity from limiting their number. `ms` is the server as it runs
 *   (pod list kept fresh by engine events); `uncachedMs` is a second server that reads the engine
 *   on every request; `rawDockerodeListMs` is the engine's own list, the floor of the latter.
 * - scheduler: the pure scheduler's decisions per second over 5,000 simulated nodes, with kube's
 *   adaptive sampling and with every node scored. Target: ≥ 10,000/s.
 *
 * Every container it makes carries vaultplane.label.bench=<run> and is removed at the end, on
 * failure, on Ctrl-C, and when --timeout-seconds runs out.
 * Usage: tsx bench/orchestrator-bench.ts [--samples 20] [--pods 200] [--requests 200] [--timeout-seconds 600]
 */
import Docker from 'dockerode';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandaloneServer, type StandaloneServer } from '../orchestrator/src/api/standalone-server';
import { MIB } from '../orchestrator/src/scheduling/resources';
import { benchmarkScheduler } from '../orchestrator/src/scheduling/scheduler-benchmark';
import { createOrchestrator, DEFAULT_NETWORK, type OrchestratorHandle } from '../orchestrator/src/index';
import { toCreateOptions } from '../orchestrator/src/runtime/docker-create-options';
import { podLabels } from '../orchestrator/src/workload/pod-labels';
import { percentile } from './percentile';
import { positiveArgument } from './positive-argument';

const IMAGE = 'vaultplane/busybox:test';
const RUN = `bench-${process.pid}-${Date.now().toString(36)}`;
const RUN_LABEL = 'vaultplane.label.bench';
const TOKEN = `bench-${RUN}`;
const CPU = 0.1;
const MEMORY_MB = 32;
const COMMAND = ['sleep', '600'];
const WARMUP = 2;
const CREATE_CONCURRENCY = 6;

const samples = positiveArgument('samples', 20);
const podCount = positiveArgument('pods', 200);
const requests = positiveArgument('requests', 200);
const timeoutMs = positiveArgument('timeout-seconds', 600) * 1000;

const log = (message: string) => process.stderr.write(`orchestrator-bench: ${message}\n`);
const round = (value: number) => Math.round(value * 100) / 100;
const summary = (times: number[]) => ({
  p50: percentile(times, 50),
  p95: percentile(times, 95),
  mean: round(times.reduce((sum, t) => sum + t, 0) / Math.max(1, times.length)),
});

const docker = process.env.DOCKER_HOST ? new Docker() : new Docker({ socketPath: '/var/run/docker.sock' });
let dataDir: string | undefined;
let handle: OrchestratorHandle | undefined;
let server: StandaloneServer | undefined;
let uncached: { handle: OrchestratorHandle; server: StandaloneServer } | undefined;
let stopReason: string | undefined;

/** Called between steps: after a stop request the run ends at the next step, then cleans up. */
function checkDeadline(): void {
  if (stopReason !== undefined) throw new Error(`${stopReason}; cleaning up`);
}

function requestStop(reason: string): void {
  stopReason ??= reason;
  // If a call hangs and the run never reaches a check, clean up and leave anyway.
  setTimeout(() => {
    log('still running 30 s after the stop request; cleaning up and exiting');
    void cleanup().finally(() => process.exit(2));
  }, 30_000).unref();
}

/** Removes every container of this run; returns how many were removed and how many are left. */
async function removeRunContainers(): Promise<{ removed: number; left: number }> {
  const filters = { label: [`${RUN_LABEL}=${RUN}`] };
  const found = await docker.listContainers({ all: true, filters });
  let removed = 0;
  await forEachLimited(found, CREATE_CONCURRENCY, async (container) => {
    // One that cannot be removed must not stop the others; it shows in `left`.
    await docker
      .getContainer(container.Id)
      .remove({ force: true })
      .then(() => removed++)
      .catch(() => undefined);
  });
  const left = (await docker.listContainers({ all: true, filters })).length;
  return { removed, left };
}

let cleaning: Promise<{ removed: number; left: number } | { error: string }> | undefined;
function cleanup(): Promise<{ removed: number; left: number } | { error: string }> {
  cleaning ??= (async () => {
    await server?.close().catch(() => undefined);
    await handle?.close().catch(() => undefined);
    await uncached?.server.close().catch(() => undefined);
    await uncached?.handle.close().catch(() => undefined);
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    try {
      return await removeRunContainers();
    } catch (error) {
      return { error: `could not remove the containers labelled ${RUN_LABEL}=${RUN} (${(error as Error).message}); remove them with: docker rm -f $(docker ps -aq --filter label=${RUN_LABEL}=${RUN})` };
    }
  })();
  return cleaning;
}

/** Runs `work` on every item, `limit` at a time. On a failure the other lanes stop taking items. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        await work(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  // Every lane settles before this returns, so no create is still in flight when cleanup lists.
  const outcomes = await Promise.allSettled(lanes);
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}

async function engineVersion(): Promise<string | { skipped: string }> {
  try {
    // @types/dockerode omits the abortSignal that dockerode's version() accepts.
    const version = await (docker.version as unknown as (options: { abortSignal: AbortSignal }) => Promise<Docker.DockerVersion>).call(docker, {
      abortSignal: AbortSignal.timeout(3_000),
    });
    await docker.getImage(IMAGE).inspect();
    return version.Version;
  } catch (error) {
    return { skipped: `no Docker engine with the image ${IMAGE} (${(error as Error).message}); run 'bash .ci/run' or start dockerd and run scripts/make-test-image.sh` };
  }
}

async function api(method: string, path: string, body?: unknown, base = server!.url): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** POST /schedule until the pod runs; returns milliseconds and the container id. */
async function scheduleThroughApi(name: string): Promise<{ ms: number; containerId: string }> {
  const started = performance.now();
  const { status, body } = await api('POST', '/schedule', { name, image: IMAGE, command: COMMAND, cpu: CPU, memoryMb: MEMORY_MB, labels: { bench: RUN } });
  if (status !== 201) throw new Error(`POST /schedule answered ${status}: ${JSON.stringify(body)}`);
  let pod = body.pod;
  while (pod.status !== 'running') {
    checkDeadline();
    if (pod.status !== 'pending') throw new Error(`pod ${pod.id} is ${pod.status}, not running`);
    pod = (await api('GET', `/pods/${encodeURIComponent(pod.id)}`)).body.pod;
  }
  return { ms: performance.now() - started, containerId: pod.containerId };
}

function rawCreateOptions(name: string, labels: Record<string, string>): Docker.ContainerCreateOptions {
  // The same engine-side container the orchestrator asks for, so only the orchestrator's own work differs.
  return toCreateOptions({ image: IMAGE, name, command: COMMAND, env: {}, labels, cpu: CPU, memoryBytes: MEMORY_MB * MIB, network: DEFAULT_NETWORK });
}

async function createAndStartRaw(name: string): Promise<{ ms: number; containerId: string }> {
  const started = performance.now();
  const container = await docker.createContainer(rawCreateOptions(name, { [RUN_LABEL]: RUN }));
  await container.start();
  return { ms: performance.now() - started, containerId: container.id };
}

async function scheduleToRunning() {
  const apiTimes: number[] = [];
  const rawTimes: number[] = [];
  const pairedRatios: number[] = [];
  for (let i = -WARMUP; i < samples; i++) {
    checkDeadline();
    const label = i < 0 ? `warm${-i}` : String(i);
    const measure = [
      async () => ({ kind: 'api' as const, ...(await scheduleThroughApi(`lat-${label}`)) }),
      async () => ({ kind: 'raw' as const, ...(await createAndStartRaw(`${RUN}-raw-${label}`)) }),
    ];
    if (i % 2 !== 0) measure.reverse();
    const pair: Record<'api' | 'raw', number> = { api: 0, raw: 0 };
    for (const step of measure) {
      const result = await step();
      pair[result.kind] = result.ms;
      // Removed outside the timing, so every sample starts from the same engine state.
      await docker.getContainer(result.containerId).remove({ force: true });
    }
    if (i < 0) continue;
    apiTimes.push(pair.api);
    rawTimes.push(pair.raw);
    pairedRatios.push(pair.api / pair.raw);
  }
  const apiMs = summary(apiTimes);
  const rawMs = summary(rawTimes);
  const ratioP50 = round(apiMs.p50 / rawMs.p50);
  return {
    samples,
    apiMs,
    rawDockerodeMs: rawMs,
    ratioP50,
    ratioMean: round(apiMs.mean / rawMs.mean),
    // Each API sample over the raw one taken right beside it: steadier on a busy machine.
    ratioPairedMedian: round(percentile(pairedRatios, 50)),
    target: 'API p50 <= 1.15 x raw p50',
    met: ratioP50 <= 1.15,
  };
}

async function listPods() {
  log(`creating ${podCount} pods`);
  const node = (await handle!.orchestrator.health()).node ?? 'local';
  await forEachLimited(Array.from({ length: podCount }, (_, i) => i), CREATE_CONCURRENCY, async (i) => {
    checkDeadline();
    const name = `many-${i}`;
    const labels = podLabels({
      name,
      namespace: 'default',
      task: undefined,
      node,
      specHash: 'bench',
      expiresAt: undefined,
      resources: { cpu: CPU, memoryMb: MEMORY_MB, gpu: 0 },
      labels: { bench: RUN },
      idempotencyKeyHash: undefined,
    });
    const container = await docker.createContainer(rawCreateOptions(`${RUN}-${name}`, labels));
    await container.start();
  });

  log(`timing ${requests} GET /pods on each server`);
  const timeList = async (base: string) => {
    const times: number[] = [];
    for (let i = -10; i < requests; i++) {
      checkDeadline();
      const started = performance.now();
      const { status, body } = await api('GET', '/pods', undefined, base);
      if (i >= 0) times.push(performance.now() - started);
      if (status !== 200) throw new Error(`GET /pods answered ${status}: ${JSON.stringify(body)}`);
      const ours = (body.pods as { labels: Record<string, string> }[]).filter((pod) => pod.labels.bench === RUN).length;
      if (ours !== podCount) throw new Error(`GET /pods listed ${ours} of this run's ${podCount} pods`);
    }
    return summary(times);
  };
  const ms = await timeList(server!.url);
  const uncachedMs = await timeList(uncached!.server.url);
  // The engine's own list of the same containers: the floor GET /pods stands on.
  const rawTimes: number[] = [];
  for (let i = 0; i < requests; i++) {
    checkDeadline();
    const started = performance.now();
    await docker.listContainers({ all: true, filters: { label: ['vaultplane.workload'] } });
    rawTimes.push(performance.now() - started);
  }
  return { pods: podCount, requests, ms, uncachedMs, rawDockerodeListMs: summary(rawTimes), target: 'p95 <= 20 ms', met: ms.p95 <= 20 };
}

function scheduler() {
  const adaptive = benchmarkScheduler({ nodes: 5_000 });
  const fullScan = benchmarkScheduler({ nodes: 5_000, scheduler: { percentageOfNodesToScore: 100 } });
  return { adaptive, fullScan, target: '>= 10000 decisions/s', met: adaptive.decisionsPerSecond >= 10_000 };
}

/** Fills `result` as it goes, so a failure still reports what was measured before it. */
async function main(result: Record<string, unknown>): Promise<void> {
  log('scheduler over 5,000 simulated nodes');
  result.scheduler = scheduler();

  const version = await engineVersion();
  if (typeof version !== 'string') {
    result.scheduleToRunning = version;
    result.listPods = version;
    return;
  }
  result.engine = { version };
  dataDir = await mkdtemp(join(tmpdir(), 'vp-orch-bench-'));
  await writeFile(join(dataDir, 'policy.yaml'), 'images:\n  allow: ["vaultplane/*"]\n');
  handle = await createOrchestrator({ dataDir, maxPods: podCount + 100 });
  server = await startStandaloneServer({ orchestrator: handle.orchestrator, token: TOKEN, policy: () => handle!.policy.current });
  const plain = await createOrchestrator({ dataDir: join(dataDir, 'uncached'), podCacheMaxAgeMs: 0, start: false });
  uncached = { handle: plain, server: await startStandaloneServer({ orchestrator: plain.orchestrator, token: TOKEN, policy: () => plain.policy.current }) };

  log(`schedule -> running, ${samples} samples each way`);
  result.scheduleToRunning = await scheduleToRunning();
  result.listPods = await listPods();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping at the next step, then removing this run's containers`);
    requestStop(`stopped by ${signal}`);
  });
}
// Bounded in time: past the deadline the run stops at its next step.
const deadline = setTimeout(() => requestStop(`the benchmark ran out of its ${timeoutMs / 1000} s (--timeout-seconds)`), timeoutMs);
deadline.unref();

const output: Record<string, unknown> = { run: RUN };
let exitCode = 0;
try {
  await main(output);
} catch (error) {
  output.error = (error as Error).message;
  exitCode = 1;
}
output.cleanup = await cleanup();
clearTimeout(deadline);
process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
process.exit(stopReason?.startsWith('stopped by') ? 130 : exitCode);
