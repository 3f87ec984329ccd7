// Tailscale cannot run here (no tailnet, no tailscaled). These tests put a local HTTP server on a
// unix socket in a temp dir that answers like tailscaled's LocalAPI, with recorded, real-shaped
// `tailscale status --json` and whois documents from test/fixtures/tailscale.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tailscaleFixtureText as fixtureText } from './tailscale-fixtures';
import { TailscaleLocalApi, TailscaleLocalApiError } from './tailscale-localapi';
import { selectTaggedPeers } from './tailscale-status';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let dir: string;
let socketPath: string;
let server: Server | undefined;
let seen: { path: string; host: string | undefined }[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vaultplane-tailscaled-'));
  socketPath = join(dir, 'tailscaled.sock');
  seen = [];
});

afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
  }
  await rm(dir, { recursive: true, force: true });
});

async function serve(handler: Handler): Promise<void> {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', host: req.headers.host });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(socketPath, resolve));
}

function json(res: ServerResponse, body: string, status = 200): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
}

// Answers as tailscaled does: status, whois by ip:port (404 text for unknown addresses).
const fakeTailscaled: Handler = (req, res) => {
  const url = new URL(req.url ?? '/', 'http://local-tailscaled.sock');
  if (url.pathname === '/localapi/v0/status') return json(res, fixtureText('status.json'));
  if (url.pathname === '/localapi/v0/whois') {
    const addr = url.searchParams.get('addr') ?? '';
    if (addr.startsWith('100.101.102.11:')) return json(res, fixtureText('whois-tagged.json'));
    if (addr.startsWith('100.101.102.40:')) return json(res, fixtureText('whois-user.json'));
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('no match for IP:port\n');
    return;
  }
  res.writeHead(404).end('404 page not found\n');
};

describe('TailscaleLocalApi against a recorded, real-shaped LocalAPI on a local unix socket (Tailscale cannot run here)', () => {
  it('reads the status over the socket with the Host tailscaled expects and finds the tagged peers', async () => {
    await serve(fakeTailscaled);
    const status = await new TailscaleLocalApi({ socketPath }).status();
    expect(seen).toEqual([{ path: '/localapi/v0/status', host: 'local-tailscaled.sock' }]);
    expect(status.BackendState).toBe('Running');
    expect(selectTaggedPeers(status, 'tag:vaultplane').map((peer) => peer.address)).toEqual([
      'bravo.tail4e2b9.ts.net',
      '100.101.102.12',
    ]);
  });

  it('asks whois by ip:port and returns the caller tags, or the login for a person', async () => {
    await serve(fakeTailscaled);
    const api = new TailscaleLocalApi({ socketPath });
    const tagged = await api.whois('100.101.102.11:41234');
    expect(seen[0]?.path).toBe('/localapi/v0/whois?addr=100.101.102.11%3A41234');
    expect(tagged?.tags).toEqual(['tag:server', 'tag:vaultplane']);
    expect(tagged?.loginName).toBeUndefined();
    expect((await api.whois('100.101.102.40:5555'))?.loginName).toBe('ada@example.com');
  });

  it('returns undefined from whois for an address that is not on the tailnet', async () => {
    await serve(fakeTailscaled);
    expect(await new TailscaleLocalApi({ socketPath }).whois('127.0.0.1:9999')).toBeUndefined();
  });

  it('reports a non-200 answer with its status and body', async () => {
    await serve((_req, res) => {
      res.writeHead(403).end('localapi status access denied');
    });
    const error = await new TailscaleLocalApi({ socketPath }).status().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TailscaleLocalApiError);
    expect(error).toMatchObject({ code: 'TAILSCALE_REQUEST_FAILED', statusCode: 403 });
    expect((error as Error).message).toMatch(/HTTP 403.*access denied.*operator/);
  });

  it('reports a body that is not JSON', async () => {
    await serve((_req, res) => {
      res.writeHead(200).end('<html>not tailscaled</html>');
    });
    await expect(new TailscaleLocalApi({ socketPath }).status()).rejects.toMatchObject({
      code: 'TAILSCALE_BAD_RESPONSE',
      message: expect.stringMatching(/not JSON.*socket path/),
    });
  });

  it('reports JSON that is not a status document', async () => {
    await serve((_req, res) => json(res, '{"Peer":{}}'));
    await expect(new TailscaleLocalApi({ socketPath }).status()).rejects.toMatchObject({
      code: 'TAILSCALE_BAD_RESPONSE',
      message: expect.stringMatching(/BackendState/),
    });
  });

  it('gives up on a tailscaled that accepts the request but never answers', async () => {
    await serve(() => {
      // Never respond: a wedged tailscaled.
    });
    await expect(new TailscaleLocalApi({ socketPath, timeoutMs: 50 }).status()).rejects.toMatchObject({
      code: 'TAILSCALED_UNAVAILABLE',
      message: expect.stringMatching(/did not answer .*\/localapi\/v0\/status.*within 50 ms/),
    });
  });
});

describe('TailscaleLocalApi without tailscaled', () => {
  it('says tailscaled is not running or the socket is elsewhere when the socket is missing', async () => {
    const error = await new TailscaleLocalApi({ socketPath }).status().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TailscaleLocalApiError);
    expect(error).toMatchObject({ code: 'TAILSCALED_UNAVAILABLE' });
    expect((error as Error).message).toContain('tailscaled is not running or the socket is elsewhere');
    expect((error as Error).message).toContain(socketPath);
  });
});
