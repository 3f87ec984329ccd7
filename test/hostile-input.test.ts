/**
 * The hostile-input corpus (issue 7): the tables in test/hostile/ sent through every surface an
 * attacker can reach — MCP over a spawned stdio process and over Streamable HTTP (the real SDK
 * Client against the real built CLI), the HTTP API of a real `vaultplane serve`, and peer
 * signatures. Every case must end in a clear error, leave the server answering, write nothing
 * outside the vault (a sentinel folder beside it is compared before and after; so is the vault,
 * since every case is refused), and leave no container behind. One server per surface.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workloadTokenFor } from '../mcp-server/src/auth/workload-token';
import { generateSigningKeyPair } from '../orchestrator/src/policy/ed25519-key';
import { PeerDirectory } from '../orchestrator/src/peers/peer-directory';
import { healthDocument } from '../orchestrator/src/peers/peer-directory-fixtures';
import { nodeIdOf } from '../orchestrator/src/peers/peer-identity-key';
import { signPeerRequest } from '../orchestrator/src/peers/peer-signing';
import { AUTH_CASES, BODY_CASES, ORIGIN_HOST_CASES, ROUTE_INPUT_CASES, type HttpCase, type HttpContext } from './hostile/http-cases';
import { ALL_MCP_CASES, specWithDefaults, type McpContext, type McpRequest, type McpTransportName } from './hostile/mcp-cases';
import { PEER_CASES, type PeerContext } from './hostile/peer-cases';
import { SPEC_CASES } from './hostile/workload-spec-cases';
import { RUN_LABEL, TEST_IMAGE, describeWithDocker, removeContainersLabelled, testDockerClient } from './support/docker';
import { createHostileFixture, snapshotChanges, type HostileFixture } from './support/hostile-fixture';
import { startPeerGate, type PeerGate } from './support/peer-gate';
import { sendRaw, type RawHttpResponse } from './support/raw-http';
import { CLI, startServe, type ServeProcess } from './support/serve-process';
import { eventually } from './support/temp-vault';

const RUN = `hx${process.pid.toString(36)}${Date.now().toString(36).slice(-5)}`;
const NAME_PREFIX = RUN;

/** What an MCP call ended in: a tool error, a protocol error or a transport error, as text. */
interface McpOutcome {
  failed: boolean;
  message: string;
}

async function callMcp(client: Client, request: McpRequest): Promise<McpOutcome> {
  try {
    if (request.kind === 'resource') {
      const result = await client.readResource({ uri: request.uri });
      return { failed: false, message: JSON.stringify(result).slice(0, 500) };
    }
    const result = (await client.callTool({ name: request.tool, arguments: request.args })) as { isError?: boolean; content: Array<{ text?: string }> };
    return { failed: result.isError === true, message: result.content.map((part) => part.text ?? '').join('\n') };
  } catch (error) {
    return { failed: true, message: (error as Error).message };
  }
}

/** Containers this run's cases could have started (the deliberately running pod excluded). */
async function leftoverContainers(keep: ReadonlySet<string>): Promise<string[]> {
  const docker = testDockerClient();
  const [byLabel, byName] = await Promise.all([
    docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${RUN}`] } }),
    docker.listContainers({ all: true, filters: { name: [NAME_PREFIX] } }),
  ]);
  const names = [...byLabel, ...byName].map((container) => container.Names[0]!.replace(/^\//, ''));
  return [...new Set(names)].filter((name) => !keep.has(name));
}

/**
 * Runs `act` and then checks the case left no trace: the server still answers, nothing under the
 * fixture (vault and sentinel; the data dir aside) changed, and no container of the run is left.
 */
async function expectHarmless(fixture: HostileFixture, alive: () => Promise<void>, keep: ReadonlySet<string>, act: () => Promise<void>): Promise<void> {
  const before = await fixture.snapshot();
  await act();
  await alive();
  expect(snapshotChanges(before, await fixture.snapshot()), 'files changed outside the data dir').toEqual([]);
  expect(await leftoverContainers(keep), 'containers left behind').toEqual([]);
}

function childEnv(fixture: HostileFixture, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  // A '~' that slipped through would land in the fixture, where the snapshot sees it.
  return { ...env, HOME: fixture.home, VAULTPLANE_EMBEDDER: 'builtin', ...extra };
}

describeWithDocker('hostile input corpus', () => {
  let serveFixture: HostileFixture;
  let stdioFixture: HostileFixture;
  let serve: ServeProcess;
  let port: number;
  const clients = new Map<McpTransportName, Client>();
  const keep = new Set<string>();
  let httpContext: HttpContext;

  const serveAlive = async () => {
    const health = await fetch(`${serve.baseUrl}/health`);
    expect(health.status, 'GET /health after the case').toBe(200);
    await health.body?.cancel();
  };
  const stdioAlive = async () => {
    await clients.get('stdio')!.ping();
  };
  const adminHeaders = () => ({ authorization: `Bearer ${serveFixture.tokens.admin}`, 'content-type': 'application/json' });

  /** Starts a pod of this run through the API and returns its id and the workload token it was given. */
  async function startPod(index: number): Promise<{ id: string; token: string }> {
    const spec = specWithDefaults({ image: TEST_IMAGE, runLabels: { run: RUN }, namePrefix: `${NAME_PREFIX}-live` }, {}, index);
    const response = await fetch(`${serve.baseUrl}/schedule`, { method: 'POST', headers: adminHeaders(), body: JSON.stringify(spec) });
    expect(response.status).toBe(201);
    const { pod } = (await response.json()) as { pod: { id: string } };
    const env: string[] = (await testDockerClient().getContainer(pod.id).inspect()).Config.Env;
    const token = env.find((line) => line.startsWith('VAULTPLANE_TOKEN='))!.slice('VAULTPLANE_TOKEN='.length);
    return { id: pod.id, token };
  }

  async function openMcpSession(): Promise<string> {
    const headers = { authorization: `Bearer ${serveFixture.tokens.admin}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const init = await fetch(`${serve.baseUrl}/mcp`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
    });
    const session = init.headers.get('mcp-session-id')!;
    await init.body?.cancel();
    const initialized = await fetch(`${serve.baseUrl}/mcp`, {
      method: 'POST',
      headers: { ...headers, 'mcp-session-id': session, 'mcp-protocol-version': LATEST_PROTOCOL_VERSION },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    expect(initialized.status).toBe(202);
    return session;
  }

  beforeAll(async () => {
    [serveFixture, stdioFixture] = await Promise.all([createHostileFixture(`${RUN}-serve`), createHostileFixture(`${RUN}-stdio`)]);
    serve = await startServe(serveFixture.vault, childEnv(serveFixture, { VAULTPLANE_TOKEN: serveFixture.tokens.admin }));
    port = Number(new URL(serve.baseUrl).port);

    const http = new Client({ name: 'hostile-http', version: '1' });
    await http.connect(
      new StreamableHTTPClientTransport(new URL(`${serve.baseUrl}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${serveFixture.tokens.admin}` } } }),
    );
    clients.set('http', http);
    const stdio = new Client({ name: 'hostile-stdio', version: '1' });
    await stdio.connect(
      new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--vault', stdioFixture.vault], env: childEnv(stdioFixture, {}), stderr: 'pipe' }),
    );
    clients.set('stdio', stdio);

    const live = await startPod(0);
    keep.add(live.id);
    const ended = await startPod(1);
    const evicted = await fetch(`${serve.baseUrl}/evict`, { method: 'POST', headers: adminHeaders(), body: JSON.stringify({ id: ended.id, graceSeconds: 0 }) });
    expect(evicted.status).toBe(200);
    // The eviction removes the container; the token must be refused from then on.
    await eventually(async () => (await leftoverContainers(keep)).length === 0, 'the evicted pod to be gone');
    httpContext = {
      port,
      admin: serveFixture.tokens.admin,
      reader: serveFixture.tokens.reader,
      teamA: serveFixture.tokens.teamA,
      livePod: live.id,
      workloadToken: live.token,
      expiredWorkloadToken: ended.token,
      // Well formed and naming the live pod, but signed with a key that is not the server token.
      forgedWorkloadToken: workloadTokenFor('not-the-server-token', live.id),
      mcpSession: await openMcpSession(),
    };
  });

  afterAll(async () => {
    for (const client of clients.values()) await client.close().catch(() => undefined);
    await serve?.stop();
    await removeContainersLabelled(RUN_LABEL, RUN);
    for (const name of await leftoverContainers(new Set())) await testDockerClient().getContainer(name).remove({ force: true }).catch(() => undefined);
    await Promise.all([serveFixture?.remove(), stdioFixture?.remove()]);
  });

  for (const transport of ['stdio', 'http'] as const) {
    describe(`MCP over ${transport}`, () => {
      const context = (): McpContext => {
        const fixture = transport === 'stdio' ? stdioFixture : serveFixture;
        return { transport, outside: fixture.outside, allowed: fixture.allowed, image: TEST_IMAGE, runLabels: { run: RUN }, namePrefix: NAME_PREFIX };
      };
      for (const hostile of ALL_MCP_CASES.filter((candidate) => candidate.transports?.includes(transport) ?? true)) {
        it(hostile.name, async () => {
          const ctx = context();
          const fixture = transport === 'stdio' ? stdioFixture : serveFixture;
          await expectHarmless(fixture, transport === 'stdio' ? stdioAlive : serveAlive, keep, async () => {
            const outcome = await callMcp(clients.get(transport)!, hostile.request(ctx));
            expect(outcome.failed, `expected an error, got: ${outcome.message}`).toBe(true);
            expect(outcome.message).toMatch(hostile.error);
          });
        });
      }
    });
  }

  describe('HTTP API of vaultplane serve', () => {
    const groups: Array<[string, readonly HttpCase[]]> = [
      ['tokens', AUTH_CASES],
      ['Origin and Host (DNS rebinding)', ORIGIN_HOST_CASES],
      ['bodies', BODY_CASES],
      ['ids and feature names', ROUTE_INPUT_CASES],
    ];
    for (const [group, cases] of groups) {
      describe(group, () => {
        for (const hostile of cases) {
          it(hostile.name, async () => {
            await expectHarmless(serveFixture, serveAlive, keep, async () => {
              const response = await sendRaw(port, hostile.request(httpContext));
              expect(response.status, response.text.slice(0, 300)).toBe(hostile.status);
              expect(errorText(response)).toMatch(hostile.error);
            });
          });
        }
      });
    }

    describe('POST /schedule', () => {
      SPEC_CASES.forEach((hostile, index) => {
        it(hostile.name, async () => {
          const ctx = { image: TEST_IMAGE, runLabels: { run: RUN }, namePrefix: NAME_PREFIX, allowed: serveFixture.allowed, outside: serveFixture.outside };
          await expectHarmless(serveFixture, serveAlive, keep, async () => {
            const body = JSON.stringify(specWithDefaults(ctx, hostile.spec(ctx), index));
            const response = await sendRaw(port, { method: 'POST', path: '/schedule', headers: adminHeaders(), body });
            expect(response.status, response.text.slice(0, 300)).toBe(hostile.status);
            expect(errorText(response)).toMatch(hostile.error);
          });
        });
      });
    });
  });

  describe('peer signatures (the real verifier behind a real port; no signed route in serve yet)', () => {
    const trusted = generateSigningKeyPair();
    const other = generateSigningKeyPair();
    const stranger = generateSigningKeyPair();
    const signer = (pair: typeof trusted) => ({ nodeId: nodeIdOf(pair.publicKey), privateKey: pair.privateKeyPem });
    let gate: PeerGate;
    let peerContext: PeerContext;

    beforeAll(async () => {
      gate = await startPeerGate(
        [
          { name: 'trusted', publicKey: trusted.publicKey },
          { name: 'other', publicKey: other.publicKey },
        ],
        healthDocument('gate', { cpu: 2, memoryMb: 2048 }),
      );
      // A real PeerDirectory polls the gate with signed requests; the first one is captured.
      const directory = new PeerDirectory([{ name: 'gate', url: gate.url }], { signer: signer(trusted) });
      directory.start();
      await eventually(async () => gate.accepted.length > 0, 'a signed poll from the peer directory');
      await directory.stop();
      peerContext = { captured: gate.accepted[0]!, trusted: signer(trusted), otherTrusted: signer(other), stranger: signer(stranger), now: Date.now() };
    });
    afterAll(async () => gate?.close());

    const gateAlive = async () => {
      // A refusal must not poison the verifier: a fresh signed request still passes.
      const response = await sendRaw(Number(new URL(gate.url).port), { method: 'GET', path: '/health', headers: { ...signPeerRequest({ method: 'GET', path: '/health' }, signer(trusted)) } });
      expect(response.status).toBe(200);
    };

    for (const hostile of PEER_CASES) {
      it(hostile.name, async () => {
        await expectHarmless(serveFixture, gateAlive, keep, async () => {
          const request = hostile.request({ ...peerContext, now: Date.now() });
          const response = await sendRaw(Number(new URL(gate.url).port), request);
          expect(response.status, response.text).toBe(401);
          expect(errorText(response)).toMatch(hostile.error);
        });
      });
    }
  });
});

/** The error message of a JSON error body, a JSON-RPC error, or the raw text (SSE). */
function errorText(response: RawHttpResponse): string {
  try {
    const body = JSON.parse(response.text) as { error?: { message?: string } };
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // Not JSON: an SSE stream or plain text, matched as it is.
  }
  return response.text;
}
