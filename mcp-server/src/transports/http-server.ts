/**
 * The one HTTP port: MCP at /mcp, health at /health, and mounted routes (the orchestrator
 * API). Every request passes the Host and Origin guards; everything but /health and CORS
 * preflights needs the bearer token. Plain node:http, so the SDK transport gets the raw
 * request and response it expects.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CredentialDecision, CredentialTarget } from '../auth/credential-decision';
import { buildAccessPolicy, checkBearer, checkHost, checkOrigin, type GuardVerdict } from '../auth/request-guards';
import { corsHeaders, preflightHeaders } from './cors';
import { HttpError } from './http-error';
import { sendError, sendJson } from './json-response';
import { DEFAULT_MAX_BODY_BYTES, discardUnreadBody, parseJsonBody, readBody } from './request-body';
import { matchRoute, validateRoutes, type HttpRoute } from './route-table';
import { createMcpSessionHandler, type McpServerFactory } from './streamable-http';

export const MCP_PATH = '/mcp';
export const HEALTH_PATH = '/health';

export interface HttpServerOptions {
  /** Default 127.0.0.1. A wildcard (0.0.0.0, ::) needs `allowedHosts` for the names clients use. */
  host?: string;
  /** 0 picks any free port. */
  port: number;
  token: string;
  createMcpServer: McpServerFactory;
  /** Added to the defaults (http/https on each allowed host, and app://obsidian.md). */
  allowedOrigins?: string[];
  /** Added to the defaults (loopback names and the bind address at our port). */
  allowedHosts?: string[];
  routes?: HttpRoute[];
  version: string;
  /** Extra fields for GET /health, e.g. index state and capacity. */
  health?: () => Promise<object> | object;
  /** Default 4 MB. */
  maxBodyBytes?: number;
  /**
   * Credentials besides the server token: scoped policy tokens for the API routes, workload
   * tokens for /mcp. Called only when the server token does not match; a refusal's reason is
   * sent as a 401.
   */
  acceptCredential?: (authorization: string | undefined, target: CredentialTarget) => CredentialDecision | Promise<CredentialDecision>;
  /** Where operational messages go; default stderr (stdout may carry a protocol). */
  log?: (message: string) => void;
}

export interface RunningHttpServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`; MCP is at `${url}/mcp`. */
  url: string;
  mcpUrl: string;
  port: number;
  /** Ends all MCP sessions and open streams, then stops listening. */
  close(): Promise<void>;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const routes = options.routes ?? [];
  validateRoutes(routes, [MCP_PATH, HEALTH_PATH]);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? ((message: string) => process.stderr.write(`vaultplane http: ${message}\n`));
  const mcp = createMcpSessionHandler({ createMcpServer: options.createMcpServer, maxBodyBytes, log });

  const server = createServer();
  // Node closes an idle keep-alive connection after 5 s. Indexing can hold the event loop for
  // seconds (training the built-in embedder on 10k notes: about 7 s), and when it lets go the
  // keep-alive timer fires before the request a client sent meanwhile is read: the client gets
  // ECONNRESET. A minute is past any such pause; headersTimeout must stay above it.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  const port = await listen(server, host, options.port);
  // The policy needs the bound port, known only after listen when 0 was asked for.
  const policy = buildAccessPolicy({ bindHost: host, port, allowedHosts: options.allowedHosts, allowedOrigins: options.allowedOrigins });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const origin = singleHeader(req.headers.origin);
    refuseUnless(checkHost(policy, req.headers.host));
    refuseUnless(checkOrigin(policy, origin));
    if (origin !== undefined) setHeaders(res, corsHeaders(origin));

    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'OPTIONS') {
      // Preflights carry no credentials by design, so they are answered before auth.
      const headers = origin !== undefined ? preflightHeaders(origin) : { Allow: 'GET, POST, PUT, PATCH, DELETE, OPTIONS' };
      res.writeHead(204, headers).end();
      return;
    }

    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === HEALTH_PATH && (method === 'GET' || method === 'HEAD')) {
      await sendHealth(res, options);
      return;
    }

    const match = matchRoute(routes, method, url.pathname);
    // Peer routes check the calling node's signature themselves; everything else needs a token.
    const peerRoute = match.kind === 'found' && match.route.auth === 'peer';
    const serverToken = checkBearer(options.token, req.headers.authorization);
    const target: CredentialTarget = url.pathname === MCP_PATH ? 'mcp' : 'route';
    if (!peerRoute && !serverToken.ok) {
      const decision = (await options.acceptCredential?.(req.headers.authorization, target)) ?? false;
      if (typeof decision === 'object') throw new HttpError(401, 'invalid_token', decision.refused, { 'WWW-Authenticate': 'Bearer realm="vaultplane", error="invalid_token"' });
      if (!decision) refuseUnless(serverToken);
    }

    if (url.pathname === MCP_PATH) {
      await mcp.handle(req, res);
      return;
    }

    if (match.kind === 'not-found') throw new HttpError(404, 'not_found', `No route for ${method} ${url.pathname}; MCP is at ${MCP_PATH}`);
    if (match.kind === 'method-not-allowed') {
      throw new HttpError(405, 'method_not_allowed', `${method} is not supported on ${url.pathname}; use ${match.allow.join(', ')}`, {
        Allow: match.allow.join(', '),
      });
    }
    const rawBody = BODY_METHODS.has(method) ? await readBody(req, maxBodyBytes) : undefined;
    const body = rawBody === undefined ? undefined : parseJsonBody(rawBody, req.headers['content-type']);
    const result = await match.route.handler({ req, res, params: match.params, url, body, rawBody });
    if (res.headersSent || res.writableEnded) return;
    if (result === undefined) res.writeHead(204).end();
    else sendJson(res, 200, result);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      if (!(error instanceof HttpError)) log(`${req.method} ${req.url} failed: ${(error as Error).stack ?? String(error)}`);
      sendError(res, error);
      // Neither drained in full nor cut off mid-send: see discardUnreadBody.
      discardUnreadBody(req);
    });
  });

  const urlHost = urlHostFor(host);
  const url = `http://${urlHost}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    mcpUrl: `${url}${MCP_PATH}`,
    port,
    close: () => {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
        await mcp.closeAll();
        // SSE streams from routes and idle keep-alive sockets would hold close() open forever.
        server.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}

async function sendHealth(res: ServerResponse, options: HttpServerOptions): Promise<void> {
  try {
    const extra = (await options.health?.()) ?? {};
    sendJson(res, 200, { status: 'ok', version: options.version, ...extra });
  } catch (error) {
    sendJson(res, 503, { status: 'error', version: options.version, error: (error as Error).message });
  }
}

function refuseUnless(verdict: GuardVerdict): void {
  if (!verdict.ok) throw new HttpError(verdict.status, verdict.code, verdict.message, verdict.headers);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new Error(`Port ${port} on ${host} is already in use; stop the other process or pick another port (--port)`));
      } else if (error.code === 'EADDRNOTAVAIL') {
        reject(new Error(`Cannot listen on ${host}: no such local address; use 127.0.0.1 or an address of this machine (--host)`));
      } else {
        reject(error);
      }
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** A wildcard bind is reached through loopback; IPv6 literals need brackets in a URL. */
function urlHostFor(host: string): string {
  if (host === '' || host === '0.0.0.0' || host === '::' || host === '[::]') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function setHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
