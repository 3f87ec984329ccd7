import type { ServerResponse } from 'node:http';
import { UnauthorizedError } from '../errors';
import { SIGNATURE_HEADER } from '../policy/manifest-signature';
import type { Principal } from '../policy/policy-decisions';
import { ADMIN, type Orchestrator } from '../service/orchestrator';
import type { OrchestratorEvent } from '../service/pod-events';
import { streamBusEvents } from './event-stream';
import { errorResponse } from './http-status';
import { streamLogs } from './log-stream';
import { EvictBodySchema, PodsQuerySchema, TaskUpdateSchema, parseWith, queryObject, type TaskUpdate } from './request-schemas';
import type { OrchestratorRoute, OrchestratorRouteContext } from './route-types';

// The orchestrator's HTTP API as transport-neutral handlers. Each one writes its own response,
// so it behaves the same on the MCP server's port and on the standalone server.

export interface OrchestratorRoutesOptions {
  /**
   * Who is calling. Default: the admin, for hosts that already checked the bearer token (the
   * MCP server's port). Return undefined to answer 401.
   */
  principal?: (ctx: OrchestratorRouteContext) => Principal | undefined;
  /** Whether to include GET /health (the MCP server serves /health itself; use `orchestrator.health()` there). */
  includeHealth?: boolean;
  /**
   * Gives POST /task-update its effect (the host owns the vault's Spec-Kit files). Errors with a
   * numeric `status` and a `code` are answered with them.
   */
  applyTaskUpdate?: (update: TaskUpdate) => Promise<unknown>;
  /** Comment lines on idle SSE streams keep proxies from closing them; default 15 s. */
  heartbeatMs?: number;
}

export function orchestratorRoutes(orchestrator: Orchestrator, options: OrchestratorRoutesOptions = {}): OrchestratorRoute[] {
  const principalOf = (ctx: OrchestratorRouteContext): Principal => {
    const principal = options.principal === undefined ? ADMIN : options.principal(ctx);
    if (principal === undefined) throw new UnauthorizedError();
    return principal;
  };
  const heartbeatMs = options.heartbeatMs ?? 15_000;

  const routes: OrchestratorRoute[] = [
    {
      method: 'POST',
      path: '/schedule',
      handler: guarded(async (ctx) => {
        const principal = principalOf(ctx);
        const idempotencyKey = headerValue(ctx.req.headers['idempotency-key']);
        const signature = headerValue(ctx.req.headers[SIGNATURE_HEADER]);
        const result = await orchestrator.schedule(ctx.body, { principal, idempotencyKey, signature });
        sendJson(ctx.res, result.created ? 201 : 200, result);
      }),
    },
    {
      method: 'GET',
      path: '/pods',
      handler: guarded(async (ctx) => {
        const principal = principalOf(ctx);
        const filter = parseWith(PodsQuerySchema, queryObject(ctx.url), 'query');
        orchestrator.authorize(principal, 'read', filter.namespace);
        // The cluster view: this node's pods and every reachable peer's; a silent peer is reported.
        const { pods, unreachable } = await orchestrator.listCluster(filter);
        // A scoped token without a namespace filter sees only its own namespaces.
        sendJson(ctx.res, 200, { pods: pods.filter((pod) => seesNamespace(principal, pod.namespace)), unreachable });
      }),
    },
    {
      method: 'GET',
      path: '/pods/:id',
      handler: guarded(async (ctx) => {
        sendJson(ctx.res, 200, { pod: await orchestrator.find(ctx.params.id!, principalOf(ctx)) });
      }),
    },
    {
      method: 'GET',
      path: '/pods/:id/logs',
      handler: guarded(async (ctx) => {
        const principal = principalOf(ctx);
        await streamLogs(ctx, (query, signal) => orchestrator.logs(ctx.params.id!, { ...query, signal }, principal));
      }),
    },
    {
      method: 'GET',
      path: '/events',
      handler: guarded(async (ctx) => {
        const principal = principalOf(ctx);
        orchestrator.authorize(principal, 'read');
        await streamBusEvents(ctx, orchestrator.events, {
          visible: (event: OrchestratorEvent) => !('namespace' in event) || seesNamespace(principal, event.namespace),
          heartbeatMs,
          heartbeat: 'comment',
        });
      }),
    },
    {
      method: 'POST',
      path: '/evict',
      handler: guarded(async (ctx) => {
        const principal = principalOf(ctx);
        const { id, reason, graceSeconds } = parseWith(EvictBodySchema, ctx.body, 'body');
        const pod = await orchestrator.evict(id, principal, reason, graceSeconds);
        sendJson(ctx.res, 200, { pod, evicted: true });
      }),
    },
    {
      method: 'POST',
      path: '/task-update',
      handler: guarded(async (ctx) => {
        const principal = principalOf(ctx);
        orchestrator.authorize(principal, 'task-update');
        const { node, ...update } = parseWith(TaskUpdateSchema, ctx.body, 'body');
        // The vault holding the task is on another node: it applies the update.
        if (node !== undefined && !(await orchestrator.isThisNode(node))) {
          sendJson(ctx.res, 200, await orchestrator.forwardTaskUpdate(node, update));
          return;
        }
        if (!options.applyTaskUpdate) {
          // Standing alone the orchestrator has no vault: it validates and says so.
          sendJson(ctx.res, 202, { accepted: true, applied: false, update });
          return;
        }
        sendJson(ctx.res, 200, { accepted: true, applied: true, result: await options.applyTaskUpdate(update) });
      }),
    },
  ];
  if (options.includeHealth !== false) {
    routes.unshift({
      method: 'GET',
      path: '/health',
      handler: guarded(async (ctx) => {
        sendJson(ctx.res, 200, await orchestrator.health());
      }),
    });
  }
  return routes;
}

function seesNamespace(principal: Principal, namespace: string): boolean {
  return principal.kind === 'admin' || principal.namespaces.includes('*') || principal.namespaces.includes(namespace);
}

export function guarded(handler: (ctx: OrchestratorRouteContext) => Promise<void>): (ctx: OrchestratorRouteContext) => Promise<void> {
  return async (ctx) => {
    try {
      await handler(ctx);
    } catch (error) {
      if (ctx.res.headersSent) {
        ctx.res.end();
        return;
      }
      const { status, body } = errorResponse(error);
      sendJson(ctx.res, status, body, status === 401 ? { 'www-authenticate': 'Bearer' } : {});
    }
  };
}

/** One header's text. Repeated headers arrive joined with ', ', which the checks behind refuse as malformed. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
