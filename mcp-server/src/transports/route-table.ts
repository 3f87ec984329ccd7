/**
 * A small route table so other parts (the orchestrator API) mount on the MCP server's port
 * behind the same guards. Matching is pure; the HTTP server calls the handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Decoded `:name` segments of the path. */
  params: Record<string, string>;
  url: URL;
  /** Parsed JSON body for POST, PUT, PATCH and DELETE; undefined when empty. */
  body?: unknown;
}

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
  handler: RouteHandler;
}

export type RouteMatch =
  | { kind: 'found'; route: HttpRoute; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

export function matchRoute(routes: readonly HttpRoute[], method: string, pathname: string): RouteMatch {
  const segments = splitPath(pathname);
  if (segments === undefined) return { kind: 'not-found' };
  const allow = new Set<string>();
  for (const route of routes) {
    const params = matchPath(splitPath(route.path) ?? [], segments);
    if (params === undefined) continue;
    const routeMethod = route.method.toUpperCase();
    if (routeMethod === method.toUpperCase()) return { kind: 'found', route, params };
    allow.add(routeMethod);
  }
  if (allow.size > 0) return { kind: 'method-not-allowed', allow: [...allow] };
  return { kind: 'not-found' };
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

function matchPath(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const actual = segments[i]!;
    if (expected.startsWith(':')) {
      if (actual === '') return undefined;
      params[expected.slice(1)] = actual;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

/** Decoded segments; a trailing slash is ignored; undefined for malformed percent-encoding. */
function splitPath(pathname: string): string[] | undefined {
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  try {
    return trimmed.split('/').slice(1).map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}
