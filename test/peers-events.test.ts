import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSse } from '../orchestrator/src/api/sse-parser';
import type { PeerAction } from '../orchestrator/src/peers/peer-acl';
import type { OrchestratorEvent } from '../orchestrator/src/service/pod-events';
import type { Pod } from '../orchestrator/src/workload/pod';
import { describeWithDocker, removeContainersLabelled, TEST_IMAGE } from './support/docker';
import { RUN_LABEL } from './support/orchestrator-api';
import { OrchestratorProcess, prepareNode, writePeersFile, type NodeSetup } from './support/orchestrator-process';
import { eventually } from './support/temp-vault';

// Three real orchestrator processes on 127.0.0.1 sharing the real Docker engine, as in
// peers-placement.test.ts. Each follows the others' GET /peer/events, so alpha's GET /events
// (what the Obsidian plugin listens to) carries the pods of bravo and charlie, each with its node.
// charlie lets its peers read only its 'shared' namespace. The capacity exchange runs rarely
// (60 s): a peer found gone below was found by its broken event stream.

const run = `e${process.pid.toString(36)}${Date.now().toString(36)}`;
const token = `peer-events-token-${run}`;
type NodeName = 'alpha' | 'bravo' | 'charlie';
const nodes = {} as Record<NodeName, NodeSetup>;
const processes: Partial<Record<NodeName, OrchestratorProcess>> = {};
const CAPACITY = { alpha: { cpu: 1, memoryMb: 256 }, bravo: { cpu: 2, memoryMb: 16384 }, charlie: { cpu: 2, memoryMb: 4096 } };
const EVERYTHING = ['schedule', 'read', 'logs', 'evict', 'task-update'] as const;
let root: string;

/** Every event one GET /events stream delivered, in order, until closed. */
class EventLog {
  readonly events: Array<{ event: string; data: OrchestratorEvent }> = [];
  private readonly aborter = new AbortController();
  private reading: Promise<void> = Promise.resolve();

  static async open(node: NodeName): Promise<EventLog> {
    const log = new EventLog();
    const response = await fetch(`${processes[node]!.url}/events`, { headers: { authorization: `Bearer ${token}` }, signal: log.aborter.signal });
    expect(response.status).toBe(200);
    log.reading = (async () => {
      for await (const event of readSse(response.body!)) log.events.push({ event: event.event, data: JSON.parse(event.data) as OrchestratorEvent });
    })().catch(() => undefined);
    await eventually(async () => log.events.some((event) => event.event === 'ready'), `${node}'s /events is ready`);
    return log;
  }

  of(podId: string): OrchestratorEvent[] {
    return this.events.map((event) => event.data).filter((event) => 'podId' in event && event.podId === podId);
  }

  async waitFor(what: string, match: (event: OrchestratorEvent) => boolean, timeoutMs = 20_000): Promise<OrchestratorEvent> {
    return eventually(async () => this.events.map((event) => event.data).find(match), what, timeoutMs);
  }

  async close(): Promise<void> {
    this.aborter.abort();
    await this.reading;
  }
}

const streams: EventLog[] = [];

async function schedule(node: NodeName, spec: Record<string, unknown>): Promise<Pod> {
  const response = await fetch(`${processes[node]!.url}/schedule`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ image: TEST_IMAGE, cpu: 0.1, labels: { run }, ...spec }),
  });
  const body = (await response.json()) as { pod: Pod };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.pod;
}

/** alpha's process says it follows `peer`'s events (its directory names static peers host:port). */
function alphaFollows(peer: NodeName): boolean {
  return processes.alpha!.log.includes(`peer 127.0.0.1:${nodes[peer].port} events: following node ${nodes[peer].name}`);
}

describeWithDocker('peers relay their pod events to GET /events (three real processes, real Docker engine)', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vp-peer-events-'));
    for (const name of ['alpha', 'bravo', 'charlie'] as const) nodes[name] = await prepareNode(`${name}-${run}`, join(root, name));
    for (const [name, node] of Object.entries(nodes) as Array<[NodeName, NodeSetup]>) {
      const others = (Object.entries(nodes) as Array<[NodeName, NodeSetup]>).filter(([other]) => other !== name);
      const acl =
        name === 'charlie'
          ? [
              { peer: '*', namespaces: ['*'], actions: ['schedule', 'logs', 'evict', 'task-update'] as PeerAction[] },
              { peer: '*', namespaces: ['shared'], actions: ['read'] as PeerAction[] },
            ]
          : [{ peer: '*', namespaces: ['*'], actions: [...EVERYTHING] }];
      await writePeersFile(node, {
        node: node.name,
        capacity: CAPACITY[name],
        discovery: { static: others.map(([, other]) => `http://127.0.0.1:${other.port}`) },
        trusted: others.map(([other, setup]) => ({ name: other, publicKey: setup.identity.publicKey })),
        acl,
        exchange: { intervalMs: 60_000, timeoutMs: 2_000 },
        requestTimeoutMs: 20_000,
      });
      await writeFile(join(node.dataDir, 'policy.yaml'), 'namespaces:\n  default: {}\n  shared: {}\n  private: {}\n');
    }
    const started = await Promise.all((Object.keys(nodes) as NodeName[]).map(async (name) => [name, await OrchestratorProcess.start(nodes[name], token)] as const));
    for (const [name, process] of started) processes[name] = process;
    await eventually(async () => alphaFollows('bravo') && alphaFollows('charlie'), 'alpha follows the events of bravo and charlie', 30_000);
  });

  afterAll(async () => {
    await Promise.all(streams.map((stream) => stream.close()));
    await Promise.all(Object.values(processes).map((process) => process?.stop()));
    await removeContainersLabelled(RUN_LABEL, run);
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it('shows a workload placed on bravo through alpha as pod events on alpha’s GET /events, with node bravo, once each', async () => {
    const alpha = await EventLog.open('alpha');
    const bravo = await EventLog.open('bravo');
    streams.push(alpha, bravo);
    // Too big for alpha (256 MB): it lands on bravo, runs briefly and exits with 3.
    const pod = await schedule('alpha', { name: 'relayed', command: ['sh', '-c', 'sleep 1; exit 3'], memoryMb: 512 });
    expect(pod.node).toBe(nodes.bravo.name);

    const died = await alpha.waitFor('alpha hears that the pod on bravo died', (event) => event.type === 'pod' && event.podId === pod.id && event.action === 'die');
    expect(died).toMatchObject({ type: 'pod', action: 'die', exitCode: 3, name: 'relayed', namespace: 'default', node: nodes.bravo.name });
    const lifecycle = alpha.of(pod.id).filter((event) => event.type === 'pod');
    expect(lifecycle.map((event) => event.type === 'pod' && event.action)).toEqual(expect.arrayContaining(['create', 'start', 'die']));
    // Once each: nothing came back round through charlie or bravo.
    expect(lifecycle.filter((event) => event.type === 'pod' && event.action === 'start')).toHaveLength(1);
    expect(lifecycle.every((event) => 'node' in event && event.node === nodes.bravo.name)).toBe(true);
    // bravo announces its own pod without a node, and never gets it back from a peer.
    const onBravo = bravo.of(pod.id);
    expect(onBravo.some((event) => event.type === 'pod' && event.action === 'die')).toBe(true);
    expect(onBravo.filter((event) => 'node' in event && event.node !== undefined)).toEqual([]);
  });

  it('hides events of namespaces the peer ACL does not let alpha read', async () => {
    const alpha = await EventLog.open('alpha');
    streams.push(alpha);
    // In this order on charlie: had the private pod's events been relayed, they would come first.
    const hidden = await schedule('charlie', { name: 'hidden', namespace: 'private', command: ['sleep', '300'], memoryMb: 16 });
    const shown = await schedule('charlie', { name: 'shown', namespace: 'shared', command: ['sleep', '300'], memoryMb: 16 });
    await alpha.waitFor('alpha hears that the shared pod on charlie started', (event) => event.type === 'pod' && event.podId === shown.id && event.action === 'start');
    expect(alpha.of(shown.id).every((event) => 'node' in event && event.node === nodes.charlie.name)).toBe(true);
    expect(alpha.of(hidden.id)).toEqual([]);
    // Peer routes are closed without a signature.
    expect((await fetch(`${processes.charlie!.url}/peer/events`)).status).toBe(401);
    expect(alpha.events.some((event) => 'namespace' in event.data && event.data.namespace === 'private')).toBe(false);
  });

  it('keeps alpha’s stream going when bravo is killed, and says bravo is unavailable', async () => {
    const alpha = await EventLog.open('alpha');
    streams.push(alpha);
    await processes.bravo!.kill();

    const gone = await alpha.waitFor('alpha says bravo is unavailable', (event) => event.type === 'peer' && event.state === 'unavailable');
    expect(gone).toMatchObject({ type: 'peer', peer: `127.0.0.1:${nodes.bravo.port}`, node: nodes.bravo.name, state: 'unavailable' });
    expect((gone as { reason: string }).reason).toMatch(/did not answer/);

    // The same stream still carries alpha's own pods (no node) and charlie's.
    const local = await schedule('alpha', { name: 'after-bravo', command: ['sleep', '300'], memoryMb: 16 });
    const started = await alpha.waitFor('alpha’s own pod started', (event) => event.type === 'pod' && event.podId === local.id && event.action === 'start');
    expect('node' in started ? started.node : undefined).toBeUndefined();
    const remote = await schedule('charlie', { name: 'after-bravo', namespace: 'shared', command: ['sleep', '300'], memoryMb: 16 });
    await alpha.waitFor('charlie’s pod started', (event) => event.type === 'pod' && event.podId === remote.id && event.action === 'start' && event.node === nodes.charlie.name);
    expect(processes.alpha!.log).toMatch(new RegExp(`peer 127\\.0\\.0\\.1:${nodes.bravo.port} events: .*reconnecting`));
  });
});
