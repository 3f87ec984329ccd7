// The /peer routes of a real orchestrator on the real Docker engine: the peer ACL, and the
// caller's Tailscale identity in the log. Tailscale cannot run here (no tailnet, no tailscaled): a
// local HTTP server on a unix socket stands in for tailscaled's LocalAPI, answering with the
// recorded, real-shaped documents in test/fixtures/tailscale.
import { writeFile, mkdir } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStandaloneServer, type StandaloneServer } from '../orchestrator/src/api/standalone-server';
import { PEER_PATHS } from '../orchestrator/src/peers/peer-cluster';
import { PEER_CONFIG_SCHEMA } from '../orchestrator/src/peers/peer-config';
import { PeerDirectory } from '../orchestrator/src/peers/peer-directory';
import { loadOrCreateNodeIdentity, type NodeIdentity } from '../orchestrator/src/peers/peer-identity';
import { signPeerRequest } from '../orchestrator/src/peers/peer-signing';
import { tailscaleFixtureText } from '../orchestrator/src/peers/tailscale-fixtures';
import { createOrchestrator, type OrchestratorHandle } from '../orchestrator/src/service/create-orchestrator';
import { ADMIN } from '../orchestrator/src/service/orchestrator';
import type { Pod } from '../orchestrator/src/workload/pod';
import { TEST_IMAGE, describeWithDocker, removeContainersLabelled } from './support/docker';
import { RUN_LABEL } from './support/orchestrator-api';
import { eventually } from './support/temp-vault';

const run = `pr${process.pid.toString(36)}${Date.now().toString(36)}`;

describeWithDocker('the /peer routes: ACL, and the caller’s Tailscale identity in the log (tailscaled stand-in on a unix socket)', () => {
  let dir: string;
  let tailscaled: Server;
  let handle: OrchestratorHandle;
  let server: StandaloneServer;
  let caller: NodeIdentity;
  const whoisAsked: string[] = [];
  const logged: string[] = [];
  const pods: Record<'open' | 'secret', Pod> = {} as never;
  const signed = (method: string, path: string, body?: string) => signPeerRequest({ method, path, body }, { nodeId: caller.nodeId, privateKey: caller.privateKey });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vp-peers-whois-'));
    const socketPath = join(dir, 'tailscaled.sock');
    tailscaled = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://local-tailscaled.sock');
      const body =
        url.pathname === '/localapi/v0/whois'
          ? (whoisAsked.push(url.searchParams.get('addr') ?? ''), tailscaleFixtureText('whois-tagged.json'))
          : // No tagged peers to exchange capacity with: this test is about the caller.
            JSON.stringify({ ...(JSON.parse(tailscaleFixtureText('status.json')) as object), Peer: {} });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((ready) => tailscaled.listen(socketPath, ready));
    caller = await loadOrCreateNodeIdentity(join(dir, 'caller'));
    const peers = PEER_CONFIG_SCHEMA.parse({
      node: `whois-${process.pid}`,
      discovery: { tailscale: { enabled: true, socketPath } },
      trusted: [{ name: 'bravo', publicKey: caller.publicKey }],
      // bravo may read in 'default' only, and do nothing else.
      acl: [{ peer: 'bravo', namespaces: ['default'], actions: ['read'] }],
    });
    await mkdir(join(dir, 'node'), { recursive: true });
    await writeFile(join(dir, 'node', 'policy.yaml'), 'namespaces:\n  default: {}\n  secret: {}\n');
    handle = await createOrchestrator({ dataDir: join(dir, 'node'), peers, log: (line) => logged.push(line) });
    for (const namespace of ['default', 'secret'] as const) {
      const spec = { name: `acl-${namespace}`, namespace, image: TEST_IMAGE, command: ['sleep', '300'], cpu: 0.05, memoryMb: 16, labels: { run } };
      pods[namespace === 'default' ? 'open' : 'secret'] = (await handle.orchestrator.schedule(spec, { principal: ADMIN })).pod;
    }
    server = await startStandaloneServer({ orchestrator: handle.orchestrator, token: `whois-token-${process.pid}`, policy: () => handle.policy.current, extraRoutes: handle.peering!.routes() });
  });

  afterAll(async () => {
    await server?.close();
    await handle?.close();
    await removeContainersLabelled(RUN_LABEL, run);
    tailscaled?.closeAllConnections();
    await new Promise<void>((closed) => (tailscaled ? tailscaled.close(() => closed()) : closed()));
    await rm(dir, { recursive: true, force: true });
  });

  it('logs the verified node id, then the tags and machine tailscaled names for the calling address', async () => {
    const path = '/peer/pods';
    const response = await fetch(`${server.url}${path}`, { headers: signed('GET', path) });
    expect(response.status).toBe(200);
    const line = await eventually(async () => logged.find((entry) => entry.includes('GET /peer/pods') && entry.includes('tailscale')), 'the whois line');
    expect(line).toContain(`peer bravo (node ${caller.nodeId})`);
    expect(line).toContain('tags tag:server,tag:vaultplane');
    expect(line).toContain('node bravo.tail4e2b9.ts.net');
    expect(line).toContain('login (tagged device)');
    // Asked about the caller's own address and port, as tailscaled needs.
    expect(whoisAsked).toHaveLength(1);
    expect(whoisAsked[0]).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  // Before the ACL test: whois is asked after a request is answered, so its count settles only
  // once the caller saw the log line, as the test above waits for.
  it('does not ask tailscaled about a request whose signature fails', async () => {
    const before = whoisAsked.length;
    const path = '/peer/pods';
    const headers = signed('GET', '/peer/other');
    expect((await fetch(`${server.url}${path}`, { headers })).status).toBe(401);
    // A good request after it: once its whois line is logged, any whois for the refused one would be in too.
    const linesBefore = logged.length;
    expect((await fetch(`${server.url}${path}`, { headers: signed('GET', path) })).status).toBe(200);
    await eventually(async () => logged.slice(linesBefore).some((line) => line.includes('tailscale')), 'the whois line of the good request');
    expect(whoisAsked.length).toBe(before + 1);
  });

  it('shows a peer only the namespaces the ACL lets it read, and refuses what the ACL does not list', async () => {
    const listed = (await (await fetch(`${server.url}/peer/pods`, { headers: signed('GET', '/peer/pods') })).json()) as { pods: Pod[] };
    expect(listed.pods.filter((pod) => pod.labels.run === run).map((pod) => pod.namespace)).toEqual(['default']);

    const secretPath = `/peer/pods/${pods.secret.id}`;
    expect((await fetch(`${server.url}${secretPath}`, { headers: signed('GET', secretPath) })).status).toBe(404);
    const openPath = `/peer/pods/${pods.open.id}`;
    expect((await fetch(`${server.url}${openPath}`, { headers: signed('GET', openPath) })).status).toBe(200);

    const body = JSON.stringify({ name: 'not-allowed', image: TEST_IMAGE, command: ['true'], labels: { run } });
    const refused = await fetch(`${server.url}/peer/schedule`, { method: 'POST', headers: { ...signed('POST', '/peer/schedule', body), 'content-type': 'application/json' }, body });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/may not schedule here.*add schedule to its actions/);
    const evictPath = '/peer/evict';
    const evictBody = JSON.stringify({ id: pods.open.id });
    expect((await fetch(`${server.url}${evictPath}`, { method: 'POST', headers: { ...signed('POST', evictPath, evictBody), 'content-type': 'application/json' }, body: evictBody })).status).toBe(403);
    expect((await handle.orchestrator.list()).filter((pod) => pod.labels.run === run)).toHaveLength(2);
  });

  it('tells a node whose key this one does not trust why its capacity exchange fails', async () => {
    const stranger = await loadOrCreateNodeIdentity(join(dir, 'stranger'));
    const directory = new PeerDirectory([{ name: 'whois-node', url: server.url }], {
      signer: { nodeId: stranger.nodeId, privateKey: stranger.privateKey },
      healthPath: PEER_PATHS.health,
    });
    await directory.refresh();
    const state = directory.peerState('whois-node');
    expect(state?.state).toBe('unavailable');
    expect(state?.state === 'unavailable' ? state.reason : '').toMatch(/refused this node's signature.*add this node's public key to its trusted peers/);
  });
});
