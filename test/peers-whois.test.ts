// Tailscale cannot run here (no tailnet, no tailscaled): a local HTTP server on a unix socket
// stands in for tailscaled's LocalAPI, answering with the recorded, real-shaped documents in
// test/fixtures/tailscale. The orchestrator, its /peer routes and the Docker engine are real.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStandaloneServer, type StandaloneServer } from '../orchestrator/src/api/standalone-server';
import { PEER_CONFIG_SCHEMA } from '../orchestrator/src/peers/peer-config';
import { loadOrCreateNodeIdentity, type NodeIdentity } from '../orchestrator/src/peers/peer-identity';
import { signPeerRequest } from '../orchestrator/src/peers/peer-signing';
import { tailscaleFixtureText } from '../orchestrator/src/peers/tailscale-fixtures';
import { createOrchestrator, type OrchestratorHandle } from '../orchestrator/src/service/create-orchestrator';
import { describeWithDocker } from './support/docker';
import { eventually } from './support/temp-vault';

describeWithDocker('peer requests logged with the caller’s Tailscale identity (tailscaled stand-in on a unix socket)', () => {
  let dir: string;
  let tailscaled: Server;
  let handle: OrchestratorHandle;
  let server: StandaloneServer;
  let caller: NodeIdentity;
  const whoisAsked: string[] = [];
  const logged: string[] = [];

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
      acl: [{ peer: 'bravo', namespaces: ['*'], actions: ['read'] }],
    });
    handle = await createOrchestrator({ dataDir: join(dir, 'node'), peers, log: (line) => logged.push(line) });
    server = await startStandaloneServer({ orchestrator: handle.orchestrator, token: `whois-token-${process.pid}`, policy: () => handle.policy.current, extraRoutes: handle.peering!.routes() });
  });

  afterAll(async () => {
    await server?.close();
    await handle?.close();
    tailscaled?.closeAllConnections();
    await new Promise<void>((closed) => (tailscaled ? tailscaled.close(() => closed()) : closed()));
    await rm(dir, { recursive: true, force: true });
  });

  it('logs the verified node id, then the tags and machine tailscaled names for the calling address', async () => {
    const path = '/peer/pods';
    const response = await fetch(`${server.url}${path}`, { headers: signPeerRequest({ method: 'GET', path }, { nodeId: caller.nodeId, privateKey: caller.privateKey }) });
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

  it('does not ask tailscaled about a request whose signature fails', async () => {
    const before = whoisAsked.length;
    const path = '/peer/pods';
    const headers = signPeerRequest({ method: 'GET', path: '/peer/other' }, { nodeId: caller.nodeId, privateKey: caller.privateKey });
    expect((await fetch(`${server.url}${path}`, { headers })).status).toBe(401);
    expect(whoisAsked.length).toBe(before);
  });
});
