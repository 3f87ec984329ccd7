import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Health } from '../orchestrator/src/service/orchestrator';
import type { Pod } from '../orchestrator/src/workload/pod';
import { LABEL } from '../orchestrator/src/workload/pod-labels';
import { TEST_IMAGE, containersLabelled, describeWithDocker, removeContainersLabelled, testDockerClient } from './support/docker';
import { LossyProxy } from './support/lossy-proxy';
import { RUN_LABEL } from './support/orchestrator-api';
import { OrchestratorProcess, prepareNode, writePeersFile, type NodeSetup } from './support/orchestrator-process';
import { eventually } from './support/temp-vault';

// Forwarding between two real orchestrator processes (alpha small, bravo big) on the real engine,
// with a TCP proxy between them that can cut off one of bravo's answers.
// At most once when an answer is lost: the proxy drops bravo's answer to a schedule after bravo
// has placed the pod. alpha cannot know whether bravo placed it; it asks bravo again with the same
// idempotency key (derived, since the client gave none) and bravo answers with the pod it has.
// Quota: a namespace whose quota on alpha is spent goes to bravo although alpha has room.

const run = `pl${process.pid.toString(36)}${Date.now().toString(36)}`;
const token = `lost-answer-token-${run}`;

describeWithDocker('forwarding to a peer: a lost answer, a spent quota (real processes, a TCP proxy that can drop one response)', () => {
  let root: string;
  let alpha: NodeSetup;
  let bravo: NodeSetup;
  let proxy: LossyProxy;
  const processes: OrchestratorProcess[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vp-peers-lost-'));
    alpha = await prepareNode(`alpha-${run}`, join(root, 'alpha'));
    bravo = await prepareNode(`bravo-${run}`, join(root, 'bravo'));
    proxy = new LossyProxy(bravo.port);
    await proxy.start();
    const acl = [{ peer: '*', namespaces: ['*'], actions: ['schedule' as const, 'read' as const] }];
    await writePeersFile(alpha, {
      node: alpha.name,
      capacity: { cpu: 1, memoryMb: 256 },
      discovery: { static: [`http://127.0.0.1:${proxy.port}`] },
      trusted: [{ name: 'bravo', publicKey: bravo.identity.publicKey }],
      acl,
    });
    await writePeersFile(bravo, { node: bravo.name, capacity: { cpu: 2, memoryMb: 8192 }, trusted: [{ name: 'alpha', publicKey: alpha.identity.publicKey }], acl });
    // A second namespace whose quota on alpha is small, while alpha has room.
    await writeFile(join(alpha.dataDir, 'policy.yaml'), 'namespaces:\n  default: {}\n  capped:\n    quota: { memoryMb: 64 }\n');
    await writeFile(join(bravo.dataDir, 'policy.yaml'), 'namespaces:\n  default: {}\n  capped: {}\n');
    processes.push(await OrchestratorProcess.start(bravo, token), await OrchestratorProcess.start(alpha, token));
    await eventually(async () => {
      const health = (await (await fetch(`${processes[1]!.url}/health`)).json()) as Health;
      return health.peers?.[0]?.state === 'available';
    }, 'alpha sees bravo through the proxy', 30_000);
  });

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.stop()));
    await proxy?.stop();
    await removeContainersLabelled(RUN_LABEL, run);
    await rm(root, { recursive: true, force: true });
  });

  it('places the workload once: alpha asks bravo again with the same key and gets the pod bravo placed', async () => {
    proxy.loseNextAnswerTo('POST /peer/schedule');
    const response = await fetch(`${processes[1]!.url}/schedule`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'once', image: TEST_IMAGE, command: ['sleep', '300'], cpu: 0.1, memoryMb: 512, labels: { run } }),
    });
    expect(proxy.cut).toBe(1);
    expect(response.status).toBe(201);
    const { pod } = (await response.json()) as { pod: Pod };
    expect(pod.node).toBe(bravo.name);

    const ids = await containersLabelled(RUN_LABEL, run);
    expect(ids).toHaveLength(1);
    expect((await testDockerClient().getContainer(ids[0]!).inspect()).Config.Labels[LABEL.node]).toBe(bravo.name);

    // bravo placed it once and answered the repeat from what it had.
    const bravoAudit = (await readFile(join(bravo.dataDir, 'audit.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { type: string; data: { pod?: string } });
    expect(bravoAudit.filter((entry) => entry.type === 'schedule').map((entry) => entry.data.pod)).toEqual([pod.id]);
  });

  it('sends work over this node’s namespace quota to a peer, and places what fits both here', async () => {
    const schedule = (name: string, memoryMb: number) =>
      fetch(`${processes[1]!.url}/schedule`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, namespace: 'capped', image: TEST_IMAGE, command: ['sleep', '300'], cpu: 0.05, memoryMb, labels: { run } }),
      }).then(async (response) => ({ status: response.status, pod: ((await response.json()) as { pod: Pod }).pod }));
    const small = await schedule('fits-quota', 32);
    expect([small.status, small.pod.node]).toEqual([201, alpha.name]);
    const over = await schedule('over-quota', 48);
    expect([over.status, over.pod.node]).toEqual([201, bravo.name]);
  });
});
