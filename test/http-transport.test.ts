/**
 * The HTTP server end to end with the real SDK client: MCP sessions over Streamable HTTP,
 * the bearer token, DNS-rebinding guards, CORS, body limits, health and mounted routes.
 * The McpServer here is a tiny echo server, so this tests the transport, not the tools.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { connect as connectTcp } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startHttpServer, type RunningHttpServer } from '../mcp-server/src/transports/http-server';
import { HttpError } from '../mcp-server/src/transports/http-error';
import type { HttpRoute } from '../mcp-server/src/transports/route-table';

const TOKEN = 'test-token-0123456789';
const VERSION = '9.9.9-test';

function echoServer(): McpServer {
  const server = new McpServer({ name: 'echo', version: '1.0.0' });
  server.registerTool('echo', { description: 'Returns the text it is given', inputSchema: { text: z.string() } }, async ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  return server;
}

const routes: HttpRoute[] = [
  { method: 'GET', path: '/pods/:id', handler: ({ params }) => ({ pod: { id: params.id } }) },
  {
    method: 'POST',
    path: '/schedule',
    handler: ({ body }) => ({ scheduled: z.object({ name: z.string() }).parse(body).name }),
  },
  {
    method: 'POST',
    path: '/evict',
    handler: () => {
      throw new HttpError(409, 'pod_busy', 'Pod is busy; retry in a moment');
    },
  },
];

async function connect(url: string, token = TOKEN): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

const MCP_HEADERS = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
  Authorization: `Bearer ${TOKEN}`,
};

const initializeMessage = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

/** fetch cannot set Host, so the rebinding test goes through node:http. */
function rawRequest(port: number, headers: Record<string, string>, path = '/health'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startHttpServer', () => {
  let http: RunningHttpServer;

  beforeAll(async () => {
    http = await startHttpServer({
      port: 0,
      token: TOKEN,
      version: VERSION,
      createMcpServer: echoServer,
      routes,
      health: async () => ({ vaults: ['notes'] }),
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await http.close();
  });

  it('keeps an idle keep-alive connection past the 5 s (+1 s) Node default, so a request sent while indexing held the server is not reset', async () => {
    // Node's default closes idle keep-alive connections after 5 s; when the event loop was busy
    // that long, the close races the client's next request on the same connection.
    const socket = connectTcp(http.port, '127.0.0.1');
    let closed = false;
    socket.on('close', () => (closed = true));
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const healthRequest = `GET /health HTTP/1.1\r\nHost: 127.0.0.1:${http.port}\r\nConnection: keep-alive\r\n\r\n`;
    const responses = () => received.match(/HTTP\/1\.1 200/g)?.length ?? 0;
    const until = async (done: () => boolean) => {
      while (!done() && !closed) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    try {
      socket.write(healthRequest);
      await until(() => responses() === 1);
      await new Promise((resolve) => setTimeout(resolve, 6_500));
      expect(closed).toBe(false);
      socket.write(healthRequest);
      await until(() => responses() === 2);
      expect(responses()).toBe(2);
    } finally {
      socket.destroy();
    }
  }, 15_000);

  it('binds 127.0.0.1 on a free port and serves MCP at /mcp', () => {
    expect(http.port).toBeGreaterThan(0);
    expect(http.url).toBe(`http://127.0.0.1:${http.port}`);
    expect(http.mcpUrl).toBe(`${http.url}/mcp`);
  });

  it('lists and calls tools for a client with the token', async () => {
    const { client } = await connect(http.mcpUrl);
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['echo']);
      const result = await client.callTool({ name: 'echo', arguments: { text: 'over http' } });
      expect(result.content).toEqual([{ type: 'text', text: 'over http' }]);
    } finally {
      await client.close();
    }
  });

  it('keeps concurrent sessions apart, and ending one leaves the other working', async () => {
    const [a, b] = await Promise.all([connect(http.mcpUrl), connect(http.mcpUrl)]);
    try {
      expect(a.transport.sessionId).toBeDefined();
      expect(a.transport.sessionId).not.toBe(b.transport.sessionId);
      const [ra, rb] = await Promise.all([
        a.client.callTool({ name: 'echo', arguments: { text: 'from a' } }),
        b.client.callTool({ name: 'echo', arguments: { text: 'from b' } }),
      ]);
      expect(ra.content).toEqual([{ type: 'text', text: 'from a' }]);
      expect(rb.content).toEqual([{ type: 'text', text: 'from b' }]);

      const endedId = a.transport.sessionId!;
      await a.transport.terminateSession();
      const afterEnd = await fetch(http.mcpUrl, {
        method: 'POST',
        headers: { ...MCP_HEADERS, 'Mcp-Session-Id': endedId },
        body: JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/list' }),
      });
      expect(afterEnd.status).toBe(404);
      expect((await b.client.callTool({ name: 'echo', arguments: { text: 'still here' } })).content).toEqual([
        { type: 'text', text: 'still here' },
      ]);
    } finally {
      await Promise.all([a.client.close(), b.client.close()]);
    }
  });

  it('refuses a missing token with 401, a Bearer challenge and how to pass the token', async () => {
    const res = await fetch(http.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, Authorization: '' }, body: JSON.stringify(initializeMessage) });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.message).toContain('Authorization: Bearer <token>');
    expect(body.error.message).toContain('VAULTPLANE_TOKEN');

    const client = new Client({ name: 'no-token', version: '1.0.0' });
    // The SDK client surfaces our message, so a user sees how to fix it.
    const failure = client.connect(new StreamableHTTPClientTransport(new URL(http.mcpUrl)));
    await expect(failure).rejects.toMatchObject({ code: 401, message: expect.stringContaining('Authorization: Bearer <token>') });
  });

  it('refuses a wrong token with 401', async () => {
    const res = await fetch(`${http.url}/pods/x`, { headers: { Authorization: 'Bearer not-the-token' } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
    const client = new Client({ name: 'wrong-token', version: '1.0.0' });
    const failure = client.connect(
      new StreamableHTTPClientTransport(new URL(http.mcpUrl), { requestInit: { headers: { Authorization: 'Bearer not-the-token' } } }),
    );
    await expect(failure).rejects.toMatchObject({ code: 401, message: expect.stringContaining('Invalid bearer token') });
  });

  it('refuses a foreign Origin with 403 even with the right token', async () => {
    const res = await fetch(http.mcpUrl, {
      method: 'POST',
      headers: { ...MCP_HEADERS, Origin: 'https://evil.example' },
      body: JSON.stringify(initializeMessage),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'forbidden_origin' });
    expect(body.error.message).toContain('https://evil.example');
  });

  it('refuses a Host that is not ours with 403 on every route, /health included', async () => {
    const evil = await rawRequest(http.port, { Host: `rebind.evil.example:${http.port}` });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body)).toMatchObject({ error: { code: 'forbidden_host' } });
    const mcp = await rawRequest(http.port, { Host: `rebind.evil.example:${http.port}`, Authorization: `Bearer ${TOKEN}` }, '/mcp');
    expect(mcp.status).toBe(403);
    const ours = await rawRequest(http.port, { Host: `localhost:${http.port}` });
    expect(ours.status).toBe(200);
  });

  it('answers /health without a token', async () => {
    const res = await fetch(`${http.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: VERSION, vaults: ['notes'] });
  });

  it('answers 404 with a JSON-RPC error for an unknown session', async () => {
    const res = await fetch(http.mcpUrl, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'Mcp-Session-Id': randomUUID() },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { jsonrpc: string; error: { code: number; message: string } };
    expect(body).toMatchObject({ jsonrpc: '2.0', error: { code: -32001 } });
    expect(body.error.message).toMatch(/initialize/);
  });

  it('answers 400 to a request that is neither initialize nor in a session', async () => {
    const res = await fetch(http.mcpUrl, {
      method: 'POST',
      headers: MCP_HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { message: expect.stringMatching(/Mcp-Session-Id/) } });
  });

  it('refuses a body over 4 MB with 413 and a JSON error, and keeps serving', async () => {
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/list', params: { pad: 'x'.repeat(5 * 1024 * 1024) } });
    const res = await fetch(http.mcpUrl, { method: 'POST', headers: MCP_HEADERS, body: huge });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/larger than 4194304 bytes/);

    const route = await fetch(`${http.url}/schedule`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'y'.repeat(5 * 1024 * 1024) }),
    });
    expect(route.status).toBe(413);
    expect(await route.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect((await fetch(`${http.url}/health`)).status).toBe(200);
  });

  it('answers CORS preflights for the Obsidian app and exposes Mcp-Session-Id', async () => {
    const res = await fetch(http.mcpUrl, {
      method: 'OPTIONS',
      headers: { Origin: 'app://obsidian.md', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, mcp-session-id' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('app://obsidian.md');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Mcp-Session-Id/);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);

    const init = await fetch(http.mcpUrl, {
      method: 'POST',
      headers: { ...MCP_HEADERS, Origin: 'app://obsidian.md' },
      body: JSON.stringify(initializeMessage),
    });
    expect(init.status).toBe(200);
    expect(init.headers.get('access-control-allow-origin')).toBe('app://obsidian.md');
    expect(init.headers.get('access-control-expose-headers')).toMatch(/Mcp-Session-Id/);
    expect(init.headers.get('mcp-session-id')).toBeTruthy();
    await init.body?.cancel();
  });

  it('serves mounted routes behind the token with JSON bodies and JSON errors', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const pod = await fetch(`${http.url}/pods/web%201`, { headers: auth });
    expect(await pod.json()).toEqual({ pod: { id: 'web 1' } });

    const scheduled = await fetch(`${http.url}/schedule`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"name":"job"}' });
    expect(await scheduled.json()).toEqual({ scheduled: 'job' });

    const invalid = await fetch(`${http.url}/schedule`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"name":3}' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/name/) } });

    const broken = await fetch(`${http.url}/schedule`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: 'invalid_json' } });

    const busy = await fetch(`${http.url}/evict`, { method: 'POST', headers: auth });
    expect(busy.status).toBe(409);
    expect(await busy.json()).toEqual({ error: { code: 'pod_busy', message: 'Pod is busy; retry in a moment' } });

    const wrongMethod = await fetch(`${http.url}/schedule`, { headers: auth });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');

    const unknown = await fetch(`${http.url}/nowhere`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });

    expect((await fetch(`${http.url}/pods/x`)).status).toBe(401);
  });
});

describe('closing the HTTP server', () => {
  it('ends every session and its open SSE stream, and runs each session cleanup', async () => {
    const cleanups: string[] = [];
    const http = await startHttpServer({
      port: 0,
      token: TOKEN,
      version: VERSION,
      createMcpServer: () => ({ server: echoServer(), cleanup: () => void cleanups.push('cleaned') }),
      log: () => undefined,
    });
    const a = await connect(http.mcpUrl);
    const b = await connect(http.mcpUrl);
    // A raw session with its standalone GET SSE stream open, to see the stream end.
    const init = await fetch(http.mcpUrl, { method: 'POST', headers: MCP_HEADERS, body: JSON.stringify(initializeMessage) });
    const sessionId = init.headers.get('mcp-session-id')!;
    await init.body?.cancel();
    const sessionHeaders = { ...MCP_HEADERS, 'Mcp-Session-Id': sessionId, 'Mcp-Protocol-Version': LATEST_PROTOCOL_VERSION };
    const initialized = await fetch(http.mcpUrl, {
      method: 'POST',
      headers: sessionHeaders,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    expect(initialized.status).toBe(202);
    const sse = await fetch(http.mcpUrl, { headers: { ...sessionHeaders, Accept: 'text/event-stream' } });
    expect(sse.status).toBe(200);
    const streamEnded = (async () => {
      const reader = sse.body!.getReader();
      try {
        while (!(await reader.read()).done);
      } catch {
        // A reset connection ends the stream too.
      }
      return 'ended';
    })();

    await http.close();
    expect(cleanups).toEqual(['cleaned', 'cleaned', 'cleaned']);
    expect(await streamEnded).toBe('ended');
    await expect(a.client.listTools()).rejects.toThrow();
    await expect(b.client.callTool({ name: 'echo', arguments: { text: 'late' } })).rejects.toThrow();
    await expect(fetch(`${http.url}/health`)).rejects.toThrow();
    await Promise.all([a.client.close(), b.client.close()]);
  });
});
