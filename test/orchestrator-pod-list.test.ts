import { afterAll, beforeAll, expect, it } from 'vitest';
import { podLabels } from '../orchestrator/src/workload/pod-labels';
import type { Pod } from '../orchestrator/src/index';
import { TEST_IMAGE, describeWithDocker, testDockerClient } from './support/docker';
import { OrchestratorApi } from './support/orchestrator-api';
import { eventually } from './support/temp-vault';

// GET /pods answers from a pod list that engine events keep fresh. The snapshot's safety-net
// age is set to ten minutes here, so only events and the orchestrator's own changes can make
// these tests see a change in time.
const run = `orch-list-${process.pid}-${Date.now()}`;
const TOKEN = `admin-${run}`;

describeWithDocker('GET /pods stays true to the engine', () => {
  let api: OrchestratorApi;

  async function pods(): Promise<Pod[]> {
    const response = await fetch(`${api.url}/pods`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { pods: Pod[] }).pods.filter((pod) => pod.labels.run === run);
  }

  async function post(path: string, body: unknown): Promise<any> {
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as any;
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  }

  /** Polls GET /pods until `check` holds; returns that list. */
  function listShowing(what: string, check: (list: Pod[]) => boolean): Promise<Pod[]> {
    return eventually(async () => {
      const list = await pods();
      return check(list) ? list : undefined;
    }, `GET /pods to show ${what}`, 20_000);
  }

  beforeAll(async () => {
    api = await OrchestratorApi.start({ run, token: TOKEN, setup: { evictGraceSeconds: 0, podCacheMaxAgeMs: 600_000 } });
  });

  afterAll(async () => {
    await api?.close();
  });

  it("shows the orchestrator's own schedules and evictions at once", async () => {
    const spec = { image: TEST_IMAGE, command: ['sleep', '300'], cpu: 0.05, memoryMb: 16, labels: { run } };
    const first = (await post('/schedule', { ...spec, name: 'first' })).pod as Pod;
    expect((await pods()).map((pod) => pod.id)).toEqual([first.id]);
    const second = (await post('/schedule', { ...spec, name: 'second' })).pod as Pod;
    expect((await pods()).map((pod) => pod.id)).toEqual([first.id, second.id]);
    await post('/evict', { id: first.id });
    expect((await pods()).map((pod) => pod.id)).toEqual([second.id]);
    await post('/evict', { id: second.id });
    expect(await pods()).toEqual([]);
  });

  it('shows changes made behind its back, from the engine events: a kill, a removal, a new labelled container', async () => {
    const pod = (await post('/schedule', { name: 'victim', image: TEST_IMAGE, command: ['sleep', '300'], cpu: 0.05, memoryMb: 16, labels: { run } })).pod as Pod;
    expect((await pods()).find((p) => p.id === pod.id)?.status).toBe('running');

    const docker = testDockerClient();
    await docker.getContainer(pod.containerId).kill();
    await listShowing('the killed pod as failed', (list) => list.find((p) => p.id === pod.id)?.status === 'failed');

    await docker.getContainer(pod.containerId).remove({ force: true });
    await listShowing('the removed pod gone', (list) => !list.some((p) => p.id === pod.id));

    // As after a restart of another backend: a container with pod labels is a pod.
    const labels = podLabels({
      name: 'adopted',
      namespace: 'default',
      task: undefined,
      node: 'elsewhere',
      specHash: 'x',
      expiresAt: undefined,
      resources: { cpu: 0.05, memoryMb: 16, gpu: 0 },
      labels: { run },
      idempotencyKeyHash: undefined,
    });
    const created = await docker.createContainer({ name: `adopted-${run}`, Image: TEST_IMAGE, Cmd: ['sleep', '300'], Labels: labels });
    await created.start();
    const list = await listShowing('the container created behind its back', (found) => found.some((p) => p.name === 'adopted' && p.status === 'running'));
    expect(list.find((p) => p.name === 'adopted')).toMatchObject({ id: `adopted-${run}`, node: 'elsewhere' });
  });

  it('a list read the moment the die event arrives already shows the pod ended (the engine list lags behind the event)', async () => {
    const pod = (await post('/schedule', { name: 'quick', image: TEST_IMAGE, command: ['sh', '-c', 'sleep 1; exit 3'], cpu: 0.05, memoryMb: 16, labels: { run } }))
      .pod as Pod;
    const died = new Promise<void>((resolve) => {
      const unsubscribe = api.handle.orchestrator.events.subscribe((event) => {
        if (event.type === 'pod' && event.action === 'die' && event.podId === pod.id) {
          unsubscribe();
          resolve();
        }
      });
    });
    await died;
    // One read, as a client does when the event reaches it; no waiting for the engine to catch up.
    expect((await pods()).find((p) => p.id === pod.id)).toMatchObject({ status: 'failed', exitCode: 3 });
  });
});
