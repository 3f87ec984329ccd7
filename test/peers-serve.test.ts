/**
 * Peering wired through `vaultplane serve`: a real serve process (node alpha, declared too small)
 * with its peers file in VAULTPLANE_PEERS, and a real standalone orchestrator process (bravo).
 * Workloads go through MCP over Streamable HTTP; the /peer routes share the MCP port and take a
 * peer's signature instead of the bearer token. Real Docker engine.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PeerAcl } from '../orchestrator/src/peers/peer-acl';
import { loadOrCreateNodeIdentity } from '../orchestrator/src/peers/peer-identity';
import { signPeerRequest } from '../orchestrator/src/peers/peer-signing';
import { TEST_IMAGE, containersLabelled, describeWithDocker, removeContainersLabelled } from './support/docker';
import { RUN_LABEL } from './support/orchestrator-api';
import { OrchestratorProcess, prepareNode, writePeersFile, type NodeSetup } from './support/orchestrator-process';
import { startServe, type ServeProcess } from './support/serve-process';
import { createTempVault, eventually, type TempVault } from './support/temp-vault';

const run = `ps${process.pid.toString(36)}${Date.now().toString(36)}`;
const TOKEN = `serve-peers-token-${run}`;
const ALPHA = `alpha-${run}`;
const ACL: PeerAcl = [{ peer: '*', namespaces: ['*'], actions: ['schedule', 'read', 'logs', 'evict', 'task-update'] }];

type ToolAnswer = { structuredContent: Record<string, unknown>; content: Array<{ text: string }>; isError?: boolean };

describeWithDocker('vaultplane serve peering with a standalone orchestrator', () => {
  let root: string;
  let vault: TempVault;
  let bravo: NodeSetup;
  let bravoProcess: OrchestratorProcess;
  let serve: ServeProcess;
  let client: Client;
  const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as unknown as ToolAnswer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vp-peers-serve-'));
    vault = await createTempVault({ 'note.md': '# Note\n\nhello\n' });
    const alphaData = join(vault.root, '.vaultplane');
    const alphaIdentity = await loadOrCreateNodeIdentity(alphaData);
    bravo = await prepareNode(`bravo-${run}`, join(root, 'bravo'));
    await writePeersFile(bravo, { node: bravo.name, capacity: { cpu: 2, memoryMb: 8192 }, trusted: [{ name: 'alpha', publicKey: alphaIdentity.publicKey }], acl: [...ACL] });
    bravoProcess = await OrchestratorProcess.start(bravo, `bravo-token-${run}`);

    const peersFile = join(root, 'alpha-peers.yaml');
    await writeFile(
      peersFile,
      stringify({
        node: ALPHA,
        capacity: { cpu: 1, memoryMb: 256 },
        discovery: { static: [bravoProcess.url] },
        trusted: [{ name: 'bravo', publicKey: bravo.identity.publicKey }],
        acl: ACL,
      }),
    );
    serve = await startServe(vault.root, { VAULTPLANE_TOKEN: TOKEN, VAULTPLANE_PEERS: peersFile });
    client = new Client({ name: 'peers-serve-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${serve.baseUrl}/mcp`), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
    await eventually(async () => {
      const health = (await (await fetch(`${serve.baseUrl}/health`)).json()) as { node: { peers?: Array<{ state: string }> } };
      return health.node.peers?.[0]?.state === 'available';
    }, 'alpha sees bravo', 30_000);
  });

  afterAll(async () => {
    await client?.close();
    await serve?.stop();
    await bravoProcess?.stop();
    await removeContainersLabelled(RUN_LABEL, run);
    await vault?.remove();
    await rm(root, { recursive: true, force: true });
  });

  it('places through MCP on bravo, lists it with its node, streams its logs and evicts it', async () => {
    const scheduled = await call('schedule_workload', { name: 'big', image: TEST_IMAGE, command: ['sh', '-c', 'echo peer says hi; sleep 300'], cpu: 0.1, memoryMb: 512, labels: { run } });
    expect(scheduled.isError).not.toBe(true);
    const pod = scheduled.structuredContent.pod as { id: string; node: string };
    expect(pod.node).toBe(bravo.name);
    expect(await containersLabelled(RUN_LABEL, run)).toHaveLength(1);

    const listed = await call('list_pods', {});
    const pods = listed.structuredContent.pods as Array<{ id: string; node: string }>;
    expect(pods.find((candidate) => candidate.id === pod.id)?.node).toBe(bravo.name);
    expect(listed.structuredContent.unreachable).toEqual([]);
    expect(listed.content[0]!.text).toContain(`node ${bravo.name}`);

    const logs = await eventually(async () => {
      const answer = await call('pod_logs', { id: pod.id });
      return JSON.stringify(answer).includes('peer says hi') ? answer : undefined;
    }, 'the log line of the pod on bravo');
    expect(logs.isError).not.toBe(true);

    const evicted = await call('evict_workload', { id: pod.id });
    expect(evicted.isError).not.toBe(true);
    expect(await containersLabelled(RUN_LABEL, run)).toEqual([]);
  });

  it('serves the /peer routes on the MCP port to a signed peer without the bearer token, and to nobody else', async () => {
    const path = '/peer/pods';
    const signed = signPeerRequest({ method: 'GET', path }, { nodeId: bravo.identity.nodeId, privateKey: bravo.identity.privateKey });
    const answer = await fetch(`${serve.baseUrl}${path}`, { headers: signed });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ pods: [] });
    expect((await fetch(`${serve.baseUrl}${path}`)).status).toBe(401);
  });
});
