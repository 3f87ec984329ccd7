import type Docker from 'dockerode';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ADMIN,
  DockerRuntime,
  NotSwarmManagerError,
  SwarmRuntime,
  createOrchestrator,
  type LogChunk,
  type OrchestratorEvent,
  type OrchestratorHandle,
  type Pod,
} from '../orchestrator/src/index';
import { TEST_IMAGE, describeWithDocker, testDockerClient } from './support/docker';
import { joinTestSwarm, leaveTestSwarm, type TestSwarm } from './support/swarm';
import { eventually } from './support/temp-vault';

// Workloads as Docker Swarm services, scheduled through the real Orchestrator on a real
// single-node swarm of the shared engine. Every service this file makes carries the run label;
// teardown removes those, the overlay network, and leaves the swarm if this file started it.

const run = `swarm-${process.pid}-${Date.now()}`;
const RUN_LABEL = 'vaultplane.label.test-run';
const NAMESPACE = 'swarm-test';
// Its own network name: the overlay (`<name>-swarm`) is removed again at the end.
const NETWORK = `vp-swarm-${process.pid}`;
const MIB = 1024 * 1024;

/** Swarm schedules and reaps tasks slowly: a minute, not eventually()'s default 10 s. */
const waitFor = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => eventually(probe, what, 60_000);

async function collect(chunks: AsyncIterable<LogChunk>): Promise<{ stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  for await (const chunk of chunks) out[chunk.stream] += chunk.data.toString('utf8');
  return out;
}

const statusOf = (error: unknown) => (error as { statusCode?: number }).statusCode;

describeWithDocker('SwarmRuntime: workloads as Docker Swarm services on the real engine', () => {
  const client = testDockerClient();
  const runtime = new SwarmRuntime();
  let swarm: TestSwarm;
  let handle: OrchestratorHandle;
  let dataDir: string;
  let hostName: string;
  const events: OrchestratorEvent[] = [];

  const schedule = async (spec: Record<string, unknown>): Promise<Pod> => {
    const result = await handle.orchestrator.schedule(
      { image: TEST_IMAGE, cpu: 0.1, memoryMb: 32, namespace: NAMESPACE, labels: { 'test-run': run }, ...spec },
      { principal: ADMIN },
    );
    return result.pod;
  };
  const service = (id: string) => client.getService(id).inspect() as Promise<Docker.Service>;
  const taskContainers = (serviceId: string) =>
    client.listContainers({ all: true, filters: { label: [`com.docker.swarm.service.id=${serviceId}`] } });

  beforeAll(async () => {
    swarm = await joinTestSwarm();
    hostName = ((await client.info()) as { Name: string }).Name;
    dataDir = await mkdtemp(join(tmpdir(), 'vp-swarm-'));
    await writeFile(join(dataDir, 'policy.yaml'), `namespaces:\n  ${NAMESPACE}: {}\n`);
    handle = await createOrchestrator({ dataDir, runtime, network: NETWORK, evictGraceSeconds: 1, podCacheMaxAgeMs: 0, ttlIntervalMs: 500 });
    handle.orchestrator.events.subscribe((event) => events.push(event));
  });

  afterAll(async () => {
    await handle?.close();
    const ours = await client.listServices({ filters: { label: [`${RUN_LABEL}=${run}`] } }).catch(() => []);
    await Promise.all(ours.map((s) => client.getService(s.ID).remove().catch(() => undefined)));
    // Task containers go with their services; the overlay can only go once they have.
    await waitFor('the task containers to go', async () => ((await client.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${run}`] } })).length === 0 ? true : undefined)).catch(() => undefined);
    await client.getNetwork(`${NETWORK}-swarm`).remove().catch(() => undefined);
    if (swarm !== undefined) await leaveTestSwarm(swarm);
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it('runs a workload as a one-replica, never-restarted service with reservations, limits and labels, from the local image without a pull', async () => {
    const pod = await schedule({ name: 'hello', command: ['sh', '-c', 'echo out-line; echo err-line >&2'], cpu: 0.25, memoryMb: 48, env: { GREETING: 'hi' } });
    const spec = (await service(pod.containerId)).Spec!;
    const template = spec.TaskTemplate as Docker.ContainerTaskSpec;
    expect(spec.Name).toBe(pod.id);
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 1 } });
    expect(template.RestartPolicy?.Condition).toBe('none');
    expect(template.Resources).toEqual({
      Limits: { NanoCPUs: 250_000_000, MemoryBytes: 48 * MIB },
      Reservations: { NanoCPUs: 250_000_000, MemoryBytes: 48 * MIB },
    });
    expect(spec.Labels).toMatchObject({ 'vaultplane.workload': 'hello', 'vaultplane.namespace': NAMESPACE, [RUN_LABEL]: run });
    expect(template.ContainerSpec?.Env).toContain('GREETING=hi');
    // An image ID is never pulled by a Swarm worker: the image exists only on this engine.
    const localImage = await client.getImage(TEST_IMAGE).inspect();
    expect(template.ContainerSpec?.Image).toBe(localImage.Id);

    const finished = await waitFor('the task to finish', async () => {
      const current = await handle.orchestrator.get(pod.id);
      return current.status === 'succeeded' || current.status === 'failed' ? current : undefined;
    });
    // `host` is the Swarm node that ran it; `node` stays the orchestrator that owns it.
    expect(finished).toMatchObject({ status: 'succeeded', exitCode: 0, image: TEST_IMAGE, host: hostName, node: hostName, namespace: NAMESPACE });
    const [container] = await taskContainers(pod.containerId);
    expect(container?.Labels).toMatchObject({ 'vaultplane.workload': 'hello', 'vaultplane.namespace': NAMESPACE, [RUN_LABEL]: run });
    // A plain-container orchestrator on the same engine leaves Swarm's task containers alone.
    expect(await new DockerRuntime().listContainers({ labels: { [RUN_LABEL]: run } })).toEqual([]);
  });

  it("reports the swarm's ready nodes as its capacity and the engine as reachable", async () => {
    const nodes = (await client.listNodes()) as Array<{ Description: { Resources: { NanoCPUs: number; MemoryBytes: number } } }>;
    const health = await handle.orchestrator.health();
    expect(health.engine.reachable).toBe(true);
    expect(health.capacity?.total).toEqual({
      cpu: nodes.reduce((sum, n) => sum + n.Description.Resources.NanoCPUs, 0) / 1e9,
      memoryMb: Math.floor(nodes.reduce((sum, n) => sum + n.Description.Resources.MemoryBytes, 0) / MIB),
      gpus: 0,
    });
  });

  it('places a workload once for one idempotency key, and removes it when its TTL runs out', async () => {
    const spec = { image: TEST_IMAGE, name: 'once', command: ['sleep', '600'], cpu: 0.1, memoryMb: 32, namespace: NAMESPACE, labels: { 'test-run': run }, ttlSeconds: 2 };
    const key = `key-${run}`;
    const [first, second] = await Promise.all([
      handle.orchestrator.schedule(spec, { principal: ADMIN, idempotencyKey: key }),
      handle.orchestrator.schedule(spec, { principal: ADMIN, idempotencyKey: key }),
    ]);
    expect(second.pod.id).toBe(first.pod.id);
    const services = await client.listServices({ filters: { label: [`${RUN_LABEL}=${run}`, 'vaultplane.workload=once'] } });
    expect(services).toHaveLength(1);

    await waitFor('the TTL eviction', async () => (events.some((e) => e.type === 'expired' && e.podId === first.pod.id) ? true : undefined));
    await expect(service(first.pod.containerId)).rejects.toSatisfy((error) => statusOf(error) === 404);
  });

  it('lists the service as a pod, returns its logs on both streams, and evicts it by removing the service', async () => {
    const pod = await schedule({ name: 'talker', command: ['sh', '-c', 'for i in 1 2 3; do echo out-$i; echo err-$i >&2; sleep 0.3; done'] });
    // Following ends when the task does, as it does for a container.
    const followed = await collect(await handle.orchestrator.logs(pod.id, { follow: true }));
    expect(followed.stdout).toBe('out-1\nout-2\nout-3\n');
    expect(followed.stderr).toBe('err-1\nerr-2\nerr-3\n');
    // Swarm counts the tail over both streams, before it leaves one out: ask for both.
    const tail = await collect(await handle.orchestrator.logs(pod.id, { tail: 2 }));
    expect(tail).toEqual({ stdout: 'out-3\n', stderr: 'err-3\n' });

    const listed = await handle.orchestrator.list({ namespace: NAMESPACE });
    expect(listed.map((p) => p.id)).toContain(pod.id);
    expect(events).toContainEqual(expect.objectContaining({ type: 'pod', action: 'die', podId: pod.id, exitCode: 0 }));

    await handle.orchestrator.evict(pod.id, ADMIN, 'test done');
    await expect(service(pod.containerId)).rejects.toSatisfy((error) => statusOf(error) === 404);
    expect((await handle.orchestrator.list({ namespace: NAMESPACE })).map((p) => p.id)).not.toContain(pod.id);
    await expect(handle.orchestrator.get(pod.id)).rejects.toThrow(/No pod/);
  });

  it('stops a running workload on eviction and leaves no task container behind', async () => {
    const pod = await schedule({ name: 'sleeper', command: ['sleep', '600'] });
    await waitFor('the task to run', async () => ((await handle.orchestrator.get(pod.id)).status === 'running' ? true : undefined));
    expect((await taskContainers(pod.containerId)).map((c) => c.State)).toEqual(['running']);

    await handle.orchestrator.evict(pod.id);
    await waitFor('the task container to go', async () => ((await taskContainers(pod.containerId)).length === 0 ? true : undefined));
    await expect(service(pod.containerId)).rejects.toSatisfy((error) => statusOf(error) === 404);
  });

  it('passes placement hints to Swarm: a constraint the node meets runs, one nobody meets stays pending with the reason', async () => {
    const here = await schedule({ name: 'placed', command: ['true'], placement: { node: hostName } });
    expect(((await service(here.containerId)).Spec!.TaskTemplate as Docker.ContainerTaskSpec).Placement?.Constraints).toEqual([`node.hostname==${hostName}`]);
    await waitFor('the placed task to finish', async () => ((await handle.orchestrator.get(here.id)).status === 'succeeded' ? true : undefined));

    const nowhere = await schedule({ name: 'stranded', command: ['true'], placement: { nodeSelector: { 'vaultplane-test-zone': 'nowhere' } } });
    expect(((await service(nowhere.containerId)).Spec!.TaskTemplate as Docker.ContainerTaskSpec).Placement?.Constraints).toEqual([
      'node.labels.vaultplane-test-zone==nowhere',
    ]);
    const pending = await waitFor('Swarm to give up placing it', async () => {
      const current = await handle.orchestrator.get(nowhere.id);
      return current.reason?.includes('no suitable node') ? current : undefined;
    });
    expect(pending.status).toBe('pending');
    expect(pending.host).toBeUndefined();
    expect(pending.reason).toMatch(/scheduling constraints not satisfied/);
    expect(await taskContainers(nowhere.containerId)).toEqual([]);
    await handle.orchestrator.evict(nowhere.id);
  });

  it('reserves GPUs as a generic resource, which Swarm cannot place on a node that offers none', async () => {
    // Straight to the runtime: the orchestrator's own filter refuses GPUs this machine lacks.
    const name = `gpu-${process.pid}-${Date.now()}`;
    const { id } = await runtime.createContainer({
      image: TEST_IMAGE,
      name,
      command: ['true'],
      labels: { 'vaultplane.workload': 'gpu', [RUN_LABEL]: run },
      gpus: 1,
      network: NETWORK,
    });
    await runtime.startContainer(id);
    const details = await waitFor('Swarm to report the missing GPU', async () => {
      const current = await runtime.inspectContainer(id);
      return current.error?.includes('insufficient resources') ? current : undefined;
    });
    expect(details.state).toBe('created');
    await runtime.removeContainer(id);
    await expect(runtime.inspectContainer(id)).rejects.toThrow(/does not exist/);
  });

  it('refuses, saying to run docker swarm init, once the engine is no Swarm manager', async (context) => {
    if (!swarm.owned) {
      context.skip('the swarm belongs to someone else: this test would have to leave it');
    }
    const ours = await client.listServices({ filters: { label: [`${RUN_LABEL}=${run}`] } });
    await Promise.all(ours.map((s) => client.getService(s.ID).remove()));
    await leaveTestSwarm(swarm);

    const status = await runtime.ping();
    expect(status.reachable).toBe(false);
    expect(!status.reachable && status.reason).toMatch(/not a Swarm manager.*docker swarm init/);
    const attempt = handle.orchestrator.schedule({ name: 'late', image: TEST_IMAGE, command: ['true'], namespace: NAMESPACE }, { principal: ADMIN });
    await expect(attempt).rejects.toBeInstanceOf(NotSwarmManagerError);
    await expect(attempt).rejects.toThrow(/docker swarm init/);
  });
});
