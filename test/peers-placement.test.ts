import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSse } from '../orchestrator/src/api/sse-parser';
import { nodeIdOf } from '../orchestrator/src/peers/peer-identity-key';
import { signPeerRequest } from '../orchestrator/src/peers/peer-signing';
import { generateSigningKeyPair } from '../orchestrator/src/policy/ed25519-key';
import type { Health } from '../orchestrator/src/service/orchestrator';
import type { Pod } from '../orchestrator/src/workload/pod';
import { LABEL } from '../orchestrator/src/workload/pod-labels';
import { containersLabelled, describeWithDocker, removeContainersLabelled, testDockerClient, TEST_IMAGE } from './support/docker';
import { RUN_LABEL } from './support/orchestrator-api';
import { OrchestratorProcess, prepareNode, unreadBytesOnPort, writePeersFile, type NodeSetup } from './support/orchestrator-process';
import { eventually } from './support/temp-vault';

// Three real orchestrator processes on 127.0.0.1 (their own ports, node keys, peers files and
// declared capacity) sharing the real Docker engine; each owns only the containers carrying its
// node label. alpha declares too little memory for the workloads below; bravo declares the most,
// so it scores best; charlie is the fallback.

const run = `p${process.pid.toString(36)}${Date.now().toString(36)}`;
const token = `peers-test-token-${run}`;
const nodes: Record<'alpha' | 'bravo' | 'charlie', NodeSetup> = {} as never;
const processes: Partial<Record<keyof typeof nodes, OrchestratorProcess>> = {};
const CAPACITY = { alpha: { cpu: 1, memoryMb: 256 }, bravo: { cpu: 2, memoryMb: 16384 }, charlie: { cpu: 2, memoryMb: 4096 } };
let root: string;

/** A workload alpha cannot fit (512 MB > its 256 MB), carrying this run's label for counting. */
function bigSpec(name: string, command: string[] = ['sleep', '300']) {
  return { name, image: TEST_IMAGE, command, cpu: 0.1, memoryMb: 512, labels: { run } };
}

async function api(node: keyof typeof nodes, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${processes[node]!.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function runContainers(name: string): Promise<Array<{ node: string | undefined }>> {
  const ids = await containersLabelled(RUN_LABEL, run);
  const details = await Promise.all(ids.map((id) => testDockerClient().getContainer(id).inspect()));
  return details.filter((detail) => detail.Config.Labels[LABEL.workload] === name).map((detail) => ({ node: detail.Config.Labels[LABEL.node] }));
}

async function auditRecords(node: keyof typeof nodes): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
  const text = await readFile(join(nodes[node].dataDir, 'audit.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; data: Record<string, unknown> });
}

async function peersAvailable(node: keyof typeof nodes, expected: number): Promise<boolean> {
  const response = await fetch(`${processes[node]!.url}/health`);
  const health = (await response.json()) as Health;
  return (health.peers ?? []).filter((peer) => peer.state === 'available').length === expected;
}

describeWithDocker('orchestrators peering on one machine (three real processes, real Docker engine)', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vp-peers-'));
    for (const name of ['alpha', 'bravo', 'charlie'] as const) nodes[name] = await prepareNode(`${name}-${run}`, join(root, name));
    for (const [name, node] of Object.entries(nodes)) {
      const others = Object.entries(nodes).filter(([other]) => other !== name);
      await writePeersFile(node, {
        node: node.name,
        capacity: CAPACITY[name as keyof typeof nodes],
        discovery: { static: others.map(([, other]) => `http://127.0.0.1:${other.port}`) },
        trusted: others.map(([other, setup]) => ({ name: other, publicKey: setup.identity.publicKey })),
        acl: [{ peer: '*', namespaces: ['*'], actions: ['schedule', 'read', 'logs', 'evict', 'task-update'] }],
        // A long interval: a peer frozen mid-request below stays a candidate, as one that just died would.
        exchange: { intervalMs: 60_000, timeoutMs: 2_000 },
        requestTimeoutMs: 20_000,
      });
    }
    const started = await Promise.all((Object.keys(nodes) as Array<keyof typeof nodes>).map(async (name) => [name, await OrchestratorProcess.start(nodes[name], token)] as const));
    for (const [name, process] of started) processes[name] = process;
    await eventually(async () => peersAvailable('alpha', 2), 'alpha sees bravo and charlie', 30_000);
  });

  afterAll(async () => {
    await Promise.all(Object.values(processes).map((process) => process?.stop()));
    await removeContainersLabelled(RUN_LABEL, run);
    await rm(root, { recursive: true, force: true });
  });

  it('places a request too big for alpha on the best of bravo and charlie, and audits where it went', async () => {
    const placed = await api('alpha', 'POST', '/schedule', bigSpec('too-big', ['sh', '-c', 'echo hello from bravo; echo to stderr >&2; sleep 300']));
    expect(placed.status).toBe(201);
    const pod = placed.body.pod as Pod;
    expect(pod.node).toBe(nodes.bravo.name);
    expect(await runContainers('too-big')).toEqual([{ node: nodes.bravo.name }]);

    const record = (await auditRecords('alpha')).find((entry) => entry.type === 'schedule' && entry.data.pod === pod.id);
    expect(record?.data).toMatchObject({ node: nodes.bravo.name, peer: `127.0.0.1:${nodes.bravo.port}`, forwarded: true });
    // bravo audits it too, naming alpha as the caller.
    const remote = (await auditRecords('bravo')).find((entry) => entry.type === 'schedule' && entry.data.pod === pod.id);
    expect(remote).toBeDefined();
  });

  it('lists every node’s pods through alpha, each with its node', async () => {
    const listed = await api('alpha', 'GET', '/pods');
    const pods = (listed.body.pods as Pod[]).filter((pod) => pod.labels.run === run);
    expect(pods.map((pod) => [pod.name, pod.node])).toEqual([['too-big', nodes.bravo.name]]);
    expect(listed.body.unreachable).toEqual([]);
    // bravo itself lists the pod as its own; charlie has none of this run.
    expect(((await api('bravo', 'GET', '/pods')).body.pods as Pod[]).some((pod) => pod.name === 'too-big' && pod.labels.run === run)).toBe(true);
  });

  it('streams the logs of a pod on bravo back through alpha', async () => {
    const [pod] = ((await api('alpha', 'GET', '/pods')).body.pods as Pod[]).filter((candidate) => candidate.name === 'too-big' && candidate.labels.run === run);
    const text = await eventually(async () => {
      const response = await fetch(`${processes.alpha!.url}/pods/${pod!.id}/logs?follow=false`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      const events = [];
      for await (const event of readSse(response.body!)) events.push(event);
      const logged = events.filter((event) => event.event === 'log').map((event) => JSON.parse(event.data) as { stream: string; text: string });
      const joined = logged.map((entry) => `${entry.stream}:${entry.text}`).join('');
      return joined.includes('hello from bravo') && joined.includes('to stderr') && events.at(-1)?.event === 'end' ? joined : undefined;
    }, 'the pod on bravo logged its lines');
    expect(text).toContain('stdout:hello from bravo');
    expect(text).toContain('stderr:to stderr');
  });

  it('evicts a pod on bravo through alpha', async () => {
    const [pod] = ((await api('alpha', 'GET', '/pods')).body.pods as Pod[]).filter((candidate) => candidate.name === 'too-big' && candidate.labels.run === run);
    const evicted = await api('alpha', 'POST', '/evict', { id: pod!.id, graceSeconds: 0 });
    expect(evicted.status).toBe(200);
    expect(await runContainers('too-big')).toEqual([]);
    expect((await auditRecords('bravo')).some((entry) => entry.type === 'eviction' && entry.data.pod === pod!.id)).toBe(true);
  });

  it('hands a task update for another node to that node', async () => {
    const update = { feature: '001-example', taskId: 'T012', done: true, node: nodes.charlie.name };
    const answer = await api('alpha', 'POST', '/task-update', update);
    expect(answer.status).toBe(200);
    // charlie runs without a vault: it accepts the update and says it applied nothing.
    expect(answer.body).toEqual({ accepted: true, applied: false, update: { feature: '001-example', taskId: 'T012', done: true } });
    expect(processes.charlie!.log).toMatch(/peer alpha \(node [\w-]+\) POST \/peer\/task-update/);
  });

  it('refuses peer requests signed by an unknown key, replayed, or stamped too long ago', async () => {
    const path = '/peer/pods';
    const call = (headers: Record<string, string>) => fetch(`${processes.alpha!.url}${path}`, { headers });
    const stranger = generateSigningKeyPair();
    const unknown = await call(signPeerRequest({ method: 'GET', path }, { nodeId: nodeIdOf(stranger.publicKey), privateKey: stranger.privateKeyPem }));
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/not a trusted peer/);

    const bravo = { nodeId: nodes.bravo.identity.nodeId, privateKey: nodes.bravo.identity.privateKey };
    const stale = await call(signPeerRequest({ method: 'GET', path }, bravo, { now: Date.now() - 10 * 60_000 }));
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { error: { message: string } }).error.message).toMatch(/Sync both clocks/);

    // A schedule replayed byte for byte: the first places, the replay is refused and places nothing.
    const body = JSON.stringify(bigSpec('replayed'));
    const signed = signPeerRequest({ method: 'POST', path: '/peer/schedule', body }, bravo);
    const send = () => fetch(`${processes.charlie!.url}/peer/schedule`, { method: 'POST', headers: { ...signed, 'content-type': 'application/json' }, body });
    expect((await send()).status).toBe(201);
    const replay = await send();
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { message: string } }).error.message).toMatch(/replay/);
    expect(await runContainers('replayed')).toEqual([{ node: nodes.charlie.name }]);

    // No bearer token, no signature: the peer routes are closed.
    expect((await fetch(`${processes.alpha!.url}${path}`)).status).toBe(401);
  });

  it('places on charlie exactly once when bravo is killed in the middle of the request', async () => {
    // Frozen, bravo's kernel still takes the connection and the bytes; then it dies unread.
    processes.bravo!.signal('SIGSTOP');
    const placing = api('alpha', 'POST', '/schedule', bigSpec('survivor'), { 'idempotency-key': `survivor-${run}` });
    await eventually(async () => (await unreadBytesOnPort(nodes.bravo.port)) > 0, 'alpha’s request reached frozen bravo');
    await processes.bravo!.kill();

    const placed = await placing;
    expect(placed.status).toBe(201);
    expect((placed.body.pod as Pod).node).toBe(nodes.charlie.name);
    expect(await runContainers('survivor')).toEqual([{ node: nodes.charlie.name }]);
    const record = (await auditRecords('alpha')).find((entry) => entry.type === 'schedule' && entry.data.pod === (placed.body.pod as Pod).id);
    expect((record?.data.attempts as Array<{ node: string; outcome: string }>).map((attempt) => [attempt.node, attempt.outcome])).toEqual([
      [nodes.bravo.name, 'failed'],
      [nodes.charlie.name, 'placed'],
    ]);

    // The client retries with the same key: the same pod, not a second one.
    const again = await api('alpha', 'POST', '/schedule', bigSpec('survivor'), { 'idempotency-key': `survivor-${run}` });
    expect(again.status).toBe(200);
    expect((again.body.pod as Pod).id).toBe((placed.body.pod as Pod).id);
    expect(await runContainers('survivor')).toEqual([{ node: nodes.charlie.name }]);

    // The cluster view reports bravo instead of failing.
    const listed = await eventually(async () => {
      const answer = await api('alpha', 'GET', '/pods');
      return (answer.body.unreachable as unknown[]).length > 0 ? answer : undefined;
    }, 'alpha reports bravo as unreachable');
    expect(listed.status).toBe(200);
    expect((listed.body.unreachable as Array<{ node: string }>).map((entry) => entry.node)).toEqual([nodes.bravo.name]);
  });
});
