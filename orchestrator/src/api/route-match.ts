// Which route answers a request: `:name` segments match one non-empty segment, a trailing slash
// is ignored, segments are percent-decoded. Pure. The MCP server's route table matches with it too.

export interface RoutePattern {
  method: string;
  /** `/pods/:id/logs` style. */
  path: string;
}

export type RouteMatch<R extends RoutePattern> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

export function matchRoute<R extends RoutePattern>(routes: readonly R[], method: string, pathname: string): RouteMatch<R> {
  const segments = splitPath(pathname);
  if (segments === undefined) return { kind: 'not-found' };
  const wanted = method.toUpperCase();
  const allow = new Set<string>();
  for (const route of routes) {
    const params = matchPath(route.path.split('/').slice(1), segments);
    if (params === undefined) continue;
    const routeMethod = route.method.toUpperCase();
    if (routeMethod === wanted) return { kind: 'found', route, params };
    allow.add(routeMethod);
  }
  return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow] } : { kind: 'not-found' };
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

/** Decoded segments; undefined for malformed percent-encoding, which no route can match. */
function splitPath(pathname: string): string[] | undefined {
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  try {
    return trimmed.split('/').slice(1).map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}
