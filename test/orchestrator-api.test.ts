import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSse, type SseEvent } from '../orchestrator/src/api/sse-parser';
import { sha256Hex, verifyAuditFile, type Pod } from '../orchestrator/src/index';
import { TEST_IMAGE, TEST_LABEL, containersLabelled, describeWithDocker, testDockerClient } from './support/docker';
import { eventually } from './support/temp-vault';
import { OrchestratorApi, RUN_LABEL } from './support/orchestrator-api';

// The orchestrator's HTTP API on a plain node:http server, against the real Docker engine.
// Every pod carries the user label run=<this run>, i.e. the container label vaultplane.label.run.
const run = `orch-api-${process.pid}-${Date.now()}`;
const TOKEN = `admin-${run}`;
const READER_TOKEN = `reader-${run}`;

const POLICY = `
images:
  allow: ["vaultplane/*"]
limits: { cpu: 2, memoryMb: 1024 }
namespaces:
  default: {}
  small:
    quota: { pods: 1, cpu: 1, memoryMb: 512 }
tokens:
  - name: reader
    sha256: ${sha256Hex(READER_TOKEN)}
    namespaces: [small]
    actions: [read]
`;

let counter = 0;
const name = (prefix: string) => `${prefix}-${++counter}`;
const workload = (overrides: Record<string, unknown> = {}) => ({
  name: name('job'),
  image: TEST_IMAGE,
  command: ['sleep', '300'],
  cpu: 0.1,
  memoryMb: 32,
  labels: { run },
  ...overrides,
});

describeWithDocker('orchestrator HTTP API against the real engine', () => {
  let orchestrator: OrchestratorApi;
  const background: string[] = [];

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${orchestrator.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as any };
  }

  async function schedule(spec: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Pod> {
    const { status, body } = await api('POST', '/schedule', spec, headers);
    if (status !== 201) throw new Error(`schedule answered ${status}: ${JSON.stringify(body)}`);
    return body.pod as Pod;
  }

  async function sse(path: string, token = TOKEN): Promise<{ events: AsyncGenerator<SseEvent>; close: () => void }> {
    const controller = new AbortController();
    const response = await fetch(`${orchestrator.url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    return { events: readSse(response.body!), close: () => controller.abort() };
  }

  const waitFor = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => eventually(probe, what, 20_000);

  beforeAll(async () => {
    orchestrator = await OrchestratorApi.start({
      run,
      token: TOKEN,
      policy: POLICY,
      heartbeatMs: 200,
      setup: { ttlIntervalMs: 200, evictGraceSeconds: 1, mcpUrl: 'http://host.docker.internal:8080/mcp', workloadToken: (pod) => `scoped-${pod.id}` },
    });
  });

  afterAll(async () => {
    await orchestrator?.close();
    await Promise.all(background.map((id) => testDockerClient().getContainer(id).remove({ force: true }).catch(() => undefined)));
  });

  it('answers /health without a token, with the engine version and the node capacity', async () => {
    const response = await fetch(`${orchestrator.url}/health`);
    const health = (await response.json()) as any;
    expect(response.status).toBe(200);
    expect(health).toMatchObject({ status: 'ok', engine: { reachable: true }, namespaces: ['default', 'small'] });
    expect(health.capacity.total.cpu).toBeGreaterThan(0);
    expect(health.capacity.total.memoryMb).toBeGreaterThan(0);
    expect(health.capacity.disk.freeBytes).toBeGreaterThan(0);
  });

  it('refuses every other route without the right token', async () => {
    expect((await api('GET', '/pods', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
    const missing = await fetch(`${orchestrator.url}/pods`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await missing.json()) as any).error.code).toBe('unauthorized');
  });

  it('schedules a workload into a running container with limits, labels and the MCP env, and lists it', async () => {
    const pod = await schedule(workload({ name: 'indexer', task: '001-example/T012', ttlSeconds: 3600, env: { MODE: 'fast' } }));
    expect(pod).toMatchObject({ name: 'indexer', namespace: 'default', task: '001-example/T012', status: 'running', image: TEST_IMAGE, resources: { cpu: 0.1, memoryMb: 32, gpu: 0 } });
    expect(pod.id).toMatch(/^indexer-[0-9a-f]{8}$/);
    expect(Date.parse(pod.expiresAt!)).toBeGreaterThan(Date.now() + 3500_000);

    const raw = await testDockerClient().getContainer(pod.containerId).inspect();
    expect(raw.HostConfig.NanoCpus).toBe(100_000_000);
    expect(raw.HostConfig.Memory).toBe(32 * 1024 * 1024);
    expect(raw.HostConfig.NetworkMode).toBe('vaultplane');
    expect(raw.Config.Env).toEqual(
      expect.arrayContaining(['MODE=fast', 'VAULTPLANE_MCP_URL=http://host.docker.internal:8080/mcp', `VAULTPLANE_TOKEN=scoped-${pod.id}`, `VAULTPLANE_POD_ID=${pod.id}`]),
    );
    expect(raw.Config.Labels).toMatchObject({ 'vaultplane.workload': 'indexer', 'vaultplane.namespace': 'default', 'vaultplane.task': '001-example/T012', 'vaultplane.node': expect.any(String), 'vaultplane.spec-hash': pod.specHash });

    const listed = await api('GET', '/pods?task=001-example/T012');
    expect(listed.body.pods.map((p: Pod) => p.id)).toEqual([pod.id]);
    expect((await api('GET', `/pods/${pod.id}`)).body.pod).toMatchObject({ id: pod.id, status: 'running' });
    expect((await orchestrator.auditEntries()).at(-1)).toMatchObject({ type: 'schedule', actor: 'admin', data: { pod: pod.id, image: TEST_IMAGE } });
  });

  it('starts one container for a retried request with the same idempotency key, even when the retries race', async () => {
    const spec = workload({ name: 'once' });
    const key = { 'idempotency-key': `key-${run}` };
    const answers = await Promise.all([1, 2, 3].map(() => api('POST', '/schedule', spec, key)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.pod.id)).size).toBe(1);
    const later = await api('POST', '/schedule', spec, key);
    expect(later).toMatchObject({ status: 200, body: { created: false, pod: { id: answers[0]!.body.pod.id } } });
    const containers = await testDockerClient().listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${run}`, 'vaultplane.workload=once'] } });
    expect(containers).toHaveLength(1);

    const reused = await api('POST', '/schedule', { ...spec, command: ['sleep', '1'] }, key);
    expect(reused).toMatchObject({ status: 422, body: { error: { code: 'idempotency_conflict' } } });
  });

  it('refuses an image that is not on the engine with a clear error, leaving nothing behind', async () => {
    const marker = name('ghost');
    const { status, body } = await api('POST', '/schedule', workload({ name: marker, image: `vaultplane/no-such-image:${process.pid}` }));
    expect(status).toBe(422);
    expect(body.error).toMatchObject({ code: 'image_not_found', message: expect.stringContaining('docker pull') });
    expect(await containersLabelled('vaultplane.workload', marker)).toEqual([]);
    expect((await orchestrator.auditEntries()).at(-1)).toMatchObject({ type: 'refusal', data: { name: marker, code: 'IMAGE_NOT_FOUND' } });
  });

  it('answers 400 for negative resources and malformed JSON, and 422 for resources no node has', async () => {
    expect((await api('POST', '/schedule', workload({ cpu: -1 }))).body.error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('cpu') });
    expect((await api('POST', '/schedule', workload({ memoryMb: -5 }))).status).toBe(400);
    const malformed = await api('POST', '/schedule', '{"name": "x", ');
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('not valid JSON') } } });

    // Within the policy, but no node here has a GPU (on a GPU machine this would be placed).
    if (!existsSync('/usr/bin/nvidia-smi')) {
      const noGpu = await api('POST', '/schedule', workload({ gpu: 1 }));
      expect(noGpu.status).toBe(422);
      expect(noGpu.body.error).toMatchObject({ code: 'unschedulable', message: expect.stringContaining('0/1 nodes are available: 1 insufficient gpu.') });
    }
  });

  it('refuses privileged, host-mount, cap-add and host-network specs and over-limit resources under the policy', async () => {
    const { status, body } = await api(
      'POST',
      '/schedule',
      workload({ privileged: true, hostNetwork: true, capAdd: ['SYS_ADMIN'], mounts: [{ hostPath: '/', containerPath: '/host' }], cpu: 64 }),
    );
    expect(status).toBe(403);
    expect(body.error.code).toBe('policy_violation');
    for (const words of ['privileged', 'host network', 'SYS_ADMIN', 'host path /', 'cpu 64 is above the policy maximum of 2']) {
      expect(body.error.message).toContain(words);
    }
    expect((await api('POST', '/schedule', workload({ image: 'busybox:latest' }))).body.error.message).toContain("image 'busybox:latest' matches none");
  });

  it('refuses an unknown namespace, and a namespace over its quota, naming the limit', async () => {
    expect((await api('POST', '/schedule', workload({ namespace: 'nowhere' }))).body.error).toMatchObject({
      code: 'unknown_namespace',
      message: expect.stringContaining('use one of: default, small'),
    });
    await schedule(workload({ namespace: 'small' }));
    const over = await api('POST', '/schedule', workload({ namespace: 'small' }));
    expect(over.status).toBe(403);
    expect(over.body.error).toMatchObject({ code: 'quota_exceeded', message: expect.stringContaining('pods: 1 of 1 already running') });
  });

  it('limits a scoped policy token to its namespaces and actions', async () => {
    const asReader = { authorization: `Bearer ${READER_TOKEN}` };
    const pods = await api('GET', '/pods', undefined, asReader);
    expect(pods.status).toBe(200);
    expect(pods.body.pods.every((p: Pod) => p.namespace === 'small')).toBe(true);
    expect((await api('GET', '/pods?namespace=default', undefined, asReader)).status).toBe(403);
    expect((await api('POST', '/schedule', workload({ namespace: 'small' }), asReader)).body.error.code).toBe('forbidden');
  });

  it('evicts a pod once; a second eviction and a container that is not ours are 404', async () => {
    const pod = await schedule(workload());
    expect(await api('POST', '/evict', { id: pod.id, reason: 'test' })).toMatchObject({ status: 200, body: { evicted: true, pod: { id: pod.id } } });
    expect(await containersLabelled('vaultplane.workload', pod.name)).toEqual([]);
    expect((await api('POST', '/evict', { id: pod.id })).body.error.code).toBe('pod_not_found');
    expect((await api('GET', `/pods/${pod.id}`)).status).toBe(404);

    const stranger = await testDockerClient().createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '60'], name: `stranger-${run}`, Labels: { [TEST_LABEL]: run } });
    background.push(stranger.id);
    expect((await api('POST', '/evict', { id: `stranger-${run}` })).status).toBe(404);
    expect((await api('POST', '/evict', { id: '../images/json' })).status).toBe(404);
    expect((await api('POST', '/evict', {})).status).toBe(400);
    expect((await orchestrator.auditEntries()).filter((e) => e.type === 'eviction').map((e) => e.data.pod)).toContain(pod.id);
  });

  it('reports a container that exits at once as failed with its exit code, and serves its logs', async () => {
    const pod = await schedule(workload({ command: ['sh', '-c', 'echo started; echo broken >&2; exit 3'] }));
    const done = await waitFor('the pod to stop', async () => {
      const current = (await api('GET', `/pods/${pod.id}`)).body.pod as Pod;
      return current.status === 'failed' ? current : undefined;
    });
    expect(done.exitCode).toBe(3);
    const { events, close } = await sse(`/pods/${pod.id}/logs?follow=false`);
    const seen: SseEvent[] = [];
    for await (const event of events) seen.push(event);
    close();
    const logs = seen.filter((e) => e.event === 'log').map((e) => JSON.parse(e.data));
    expect(logs).toEqual(expect.arrayContaining([{ stream: 'stdout', text: 'started\n' }, { stream: 'stderr', text: 'broken\n' }]));
    expect(JSON.parse(seen.at(-1)!.data)).toMatchObject({ reason: 'done' });
  });

  it('follows logs as they are written until the container stops', async () => {
    const pod = await schedule(workload({ command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo "line $i"; sleep 0.1; done'] }));
    const { events } = await sse(`/pods/${pod.id}/logs`);
    let text = '';
    let end: unknown;
    for await (const event of events) {
      if (event.event === 'log') text += JSON.parse(event.data).text;
      if (event.event === 'end') end = JSON.parse(event.data);
    }
    expect(text).toBe('line 1\nline 2\nline 3\nline 4\nline 5\n');
    expect(end).toMatchObject({ reason: 'stopped' });
  });

  it('cuts the logs of a container that floods them at the byte limit', async () => {
    const pod = await schedule(workload({ command: ['sh', '-c', 'yes "flood flood flood"'] }));
    const { events } = await sse(`/pods/${pod.id}/logs?limitBytes=65536`);
    let bytes = 0;
    let end: any;
    for await (const event of events) {
      if (event.event === 'log') bytes += Buffer.byteLength(JSON.parse(event.data).text);
      if (event.event === 'end') end = JSON.parse(event.data);
    }
    expect(bytes).toBe(65536);
    expect(end).toEqual({ reason: 'limit', bytes: 65536 });
    expect((await api('GET', `/pods/${pod.id}/logs?limitBytes=-1`)).status).toBe(400);
    await api('POST', '/evict', { id: pod.id });
  });

  it('streams pod changes on /events: scheduled, the engine lifecycle, evicted', async () => {
    const { events, close } = await sse('/events');
    const first = await events.next();
    expect(first.value?.event).toBe('ready');
    const pod = await schedule(workload({ name: 'watched' }));
    await api('POST', '/evict', { id: pod.id });
    const seen: string[] = [];
    for await (const event of events) {
      const data = JSON.parse(event.data);
      if (data.podId !== pod.id) continue;
      seen.push(event.event === 'pod' ? `pod:${data.action}` : event.event);
      if (seen.includes('pod:destroy') && seen.includes('evicted')) break;
    }
    close();
    expect(seen).toEqual(expect.arrayContaining(['scheduled', 'pod:create', 'pod:start', 'pod:die', 'pod:destroy', 'evicted']));
  });

  it('validates task updates (and applies nothing yet)', async () => {
    expect(await api('POST', '/task-update', { feature: '001-example', taskId: 'T012', done: true })).toMatchObject({
      status: 202,
      body: { accepted: true, applied: false, update: { feature: '001-example', taskId: 'T012', done: true } },
    });
    expect((await api('POST', '/task-update', { feature: '001-example', taskId: '12' })).body.error.code).toBe('invalid_request');
  });

  it('removes pods whose TTL ran out', async () => {
    const pod = await schedule(workload({ ttlSeconds: 1 }));
    await waitFor('the TTL eviction', async () => ((await api('GET', `/pods/${pod.id}`)).status === 404 ? true : undefined));
    expect((await orchestrator.auditEntries()).find((e) => e.type === 'expiry' && e.data.pod === pod.id)).toMatchObject({ actor: 'orchestrator' });
  });

  it('finds every pod again after a restart, with its metadata, and still enforces TTLs', async () => {
    const lasting = await schedule(workload({ name: 'survivor', task: '001-example/T001' }));
    const expiring = await schedule(workload({ name: 'mortal', ttlSeconds: 3 }));
    await orchestrator.stop();

    await orchestrator.open();
    const pods = (await api('GET', '/pods?status=running')).body.pods as Pod[];
    expect(pods.find((p) => p.id === lasting.id)).toMatchObject({ name: 'survivor', task: '001-example/T001', namespace: 'default', resources: { cpu: 0.1, memoryMb: 32 } });
    expect(pods.find((p) => p.id === expiring.id)).toMatchObject({ expiresAt: expiring.expiresAt });
    await waitFor('the TTL eviction after the restart', async () => ((await api('GET', `/pods/${expiring.id}`)).status === 404 ? true : undefined));
  });

  it('applies an edited policy file without a restart, audits the change, and keeps the old policy when an edit is broken', async () => {
    const { events, close } = await sse('/events');
    await events.next(); // ready
    expect((await api('POST', '/schedule', workload({ namespace: 'fresh' }))).body.error.code).toBe('unknown_namespace');

    await writeFile(join(orchestrator.dataDir, 'policy.yaml'), POLICY.replace('namespaces:\n', 'namespaces:\n  fresh: {}\n'));
    const policyEvent = async () => {
      // next() by hand: leaving a for-await loop would cancel the stream.
      for (;;) {
        const { done, value } = await events.next();
        if (done) throw new Error('the event stream ended');
        if (value.event === 'policy') return JSON.parse(value.data);
      }
    };
    expect(await policyEvent()).toMatchObject({ state: 'changed' });
    await schedule(workload({ namespace: 'fresh' }));

    await writeFile(join(orchestrator.dataDir, 'policy.yaml'), 'allow: { privileged: sometimes }');
    expect(await policyEvent()).toMatchObject({ state: 'rejected', reason: expect.stringContaining('previous policy stays') });
    close();
    await schedule(workload({ namespace: 'fresh' }));
    const types = (await orchestrator.auditEntries()).map((e) => e.type);
    expect(types).toContain('policy-change');
    expect(types).toContain('policy-rejected');
    await writeFile(join(orchestrator.dataDir, 'policy.yaml'), POLICY);
  });

  it('audits refusals of malformed specs and of callers without the right', async () => {
    await api('POST', '/schedule', { name: 'Bad Name', image: TEST_IMAGE });
    expect((await orchestrator.auditEntries()).at(-1)).toMatchObject({ type: 'refusal', actor: 'admin', data: { code: 'INVALID_REQUEST' } });
    await api('POST', '/schedule', workload({ namespace: 'small' }), { authorization: `Bearer ${READER_TOKEN}` });
    expect((await orchestrator.auditEntries()).at(-1)).toMatchObject({ type: 'refusal', actor: 'reader', data: { code: 'FORBIDDEN', namespace: 'small' } });
  });

  it('keeps an audit log that verifies, and detects an edit', async () => {
    const path = join(orchestrator.dataDir, 'audit.jsonl');
    const verdict = await verifyAuditFile(path);
    expect(verdict).toMatchObject({ ok: true });
    const copy = join(orchestrator.dataDir, 'tampered.jsonl');
    await writeFile(copy, (await readFile(path, 'utf8')).replace('"actor":"admin"', '"actor":"mallory"'));
    expect(await verifyAuditFile(copy)).toMatchObject({ ok: false, line: 1 });
  });

  it('answers 404 and 405 for routes it does not have', async () => {
    expect((await api('GET', '/nope')).status).toBe(404);
    expect((await api('DELETE', '/pods')).status).toBe(405);
  });
});
