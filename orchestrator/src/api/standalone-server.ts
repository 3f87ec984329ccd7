import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidRequestError } from '../errors';
import type { Policy } from '../policy/policy-schema';
import type { Orchestrator } from '../service/orchestrator';
import { errorResponse } from './http-status';
import { resolvePrincipal } from './principal';
import { matchRoute } from './route-match';
import type { OrchestratorRoute } from './route-types';
import { orchestratorRoutes, sendJson } from './routes';

// The orchestrator API on its own port, for running it without the MCP server (and for
// tests). Bearer token on everything but /health; JSON bodies up to 1 MiB.

const MAX_BODY_BYTES = 1024 * 1024;

export interface StandaloneServerOptions {
  orchestrator: Orchestrator;
  /** The admin token; tokens from the policy are accepted with their scopes. */
  token: string;
  policy: () => Policy;
  host?: string;
  port?: number;
  heartbeatMs?: number;
  /** Served beside the API, e.g. the /peer routes (which check their own credentials). */
  extraRoutes?: readonly OrchestratorRoute[];
}

export interface StandaloneServer {
  url: string;
  close(): Promise<void>;
}

export async function startStandaloneServer(options: StandaloneServerOptions): Promise<StandaloneServer> {
  const routes = [
    ...orchestratorRoutes(options.orchestrator, {
      principal: (ctx) => resolvePrincipal(options.policy(), options.token, ctx.req.headers.authorization),
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    }),
    ...(options.extraRoutes ?? []),
  ];
  const server = createServer((req, res) => {
    handle(routes, req, res).catch((error: unknown) => {
      if (res.headersSent) res.end();
      else {
        const { status, body } = errorResponse(error);
        sendJson(res, status, body);
      }
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SSE streams would hold close() open forever.
        server.closeAllConnections();
      }),
  };
}

async function handle(routes: readonly OrchestratorRoute[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const match = matchRoute(routes, method, url.pathname);
  if (match.kind === 'found') {
    const { body, rawBody } = method === 'POST' ? await readJson(req) : { body: undefined, rawBody: undefined };
    await match.route.handler({ req, res, params: match.params, url, body, rawBody });
  } else if (match.kind === 'method-not-allowed') {
    const allow = match.allow.join(', ');
    sendJson(res, 405, { error: { code: 'method_not_allowed', message: `${method} is not supported on ${url.pathname}; use ${allow}` } }, { allow });
  } else {
    sendJson(res, 404, { error: { code: 'not_found', message: `No route for ${method} ${url.pathname}` } });
  }
}

async function readJson(req: IncomingMessage): Promise<{ body: unknown; rawBody: Buffer }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new InvalidRequestError(`the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const rawBody = Buffer.concat(chunks);
  if (size === 0) return { body: undefined, rawBody };
  try {
    return { body: JSON.parse(rawBody.toString('utf8')) as unknown, rawBody };
  } catch (error) {
    throw new InvalidRequestError(`the body is not valid JSON (${(error as Error).message})`);
  }
}
