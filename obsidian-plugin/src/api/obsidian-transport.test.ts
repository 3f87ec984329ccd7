import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obsidianTransport } from './obsidian-transport';

// requestUrl is the obsidian stand-in's (over Node's fetch); the server is real.

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(req.headers.authorization === 'Bearer right' ? 200 : 401, { 'Content-Type': 'application/json', 'Mcp-Session-Id': 's-1' });
    res.end(JSON.stringify({ method: req.method }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('obsidianTransport over requestUrl (obsidian stand-in)', () => {
  it('hands back error statuses instead of throwing, with lower-case header names', async () => {
    const transport = obsidianTransport();
    const refused = await transport.request({ url: `${url}/pods`, method: 'GET', headers: { authorization: 'Bearer wrong' } });
    expect(refused.status).toBe(401);
    const ok = await transport.request({ url: `${url}/mcp`, method: 'POST', headers: { authorization: 'Bearer right' }, body: '{}' });
    expect(ok).toMatchObject({ status: 200, text: '{"method":"POST"}' });
    expect(ok.headers['mcp-session-id']).toBe('s-1');
  });

  it('rejects when nothing answers', async () => {
    await expect(obsidianTransport().request({ url: 'http://127.0.0.1:9/health', method: 'GET', headers: {} })).rejects.toThrow();
  });
});
