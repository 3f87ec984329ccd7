/**
 * A small route table so other parts (the orchestrator API) mount on the MCP server's port
 * behind the same guards. Matching is pure; the HTTP server calls the handler.
 */
import { matchRoute as matchOrchestratorRoute, type OrchestratorRouteContext, type RouteMatch as OrchestratorRouteMatch } from '@vaultplane/orchestrator';

/** What a handler gets; the orchestrator declares it, since its routes mount here as they are. */
export type RouteContext = OrchestratorRouteContext;

/**
 * A handler either writes to `res` itself (SSE streams, custom statuses) or returns a value
 * that is sent as JSON 200 (nothing returned and nothing written: 204). Thrown HttpErrors
 * and zod errors become JSON error responses.
 */
export type RouteHandler = (ctx: RouteContext) => unknown;

export interface HttpRoute {
  method: string;
  /** `/pods/:id/logs` style; segments match exactly, `:name` matches one non-empty segment. */
  path: string;
  /** 'peer': the route checks a peer's signature itself, so the bearer token is not asked for. */
  auth?: 'peer' | undefined;
  handler: RouteHandler;
}

/** The orchestrator's matcher: one rule for which route answers, on both of its hosts. */
export type RouteMatch = OrchestratorRouteMatch<HttpRoute>;

export function matchRoute(routes: readonly HttpRoute[], method: string, pathname: string): RouteMatch {
  return matchOrchestratorRoute(routes, method, pathname);
}

/** Throws on a route a typo would make unreachable, so the mistake shows at start. */
export function validateRoutes(routes: readonly HttpRoute[], reservedPaths: readonly string[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    if (!route.path.startsWith('/')) throw new Error(`Route path '${route.path}' must start with /`);
    if (reservedPaths.includes(route.path)) throw new Error(`Route path '${route.path}' is served by the HTTP server itself; pick another path`);
    const key = `${route.method.toUpperCase()} ${route.path.replace(/:[^/]+/g, ':')}`;
    if (seen.has(key)) throw new Error(`Two routes for ${route.method.toUpperCase()} ${route.path}; keep one`);
    seen.add(key);
  }
}
