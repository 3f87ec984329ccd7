import { describe, expect, it } from 'vitest';
import { matchRoute, validateRoutes, type HttpRoute } from './route-table';

const handler = () => undefined;
const routes: HttpRoute[] = [
  { method: 'GET', path: '/pods', handler },
  { method: 'GET', path: '/pods/:id/logs', handler },
  { method: 'post', path: '/schedule', handler },
];

describe('matchRoute', () => {
  it('finds a route and decodes its params', () => {
    const match = matchRoute(routes, 'GET', '/pods/web%201/logs');
    expect(match).toMatchObject({ kind: 'found', route: routes[1], params: { id: 'web 1' } });
  });

  it('matches methods case-insensitively and ignores a trailing slash', () => {
    expect(matchRoute(routes, 'POST', '/schedule/')).toMatchObject({ kind: 'found', route: routes[2] });
  });

  it('reports the allowed methods when only the method is wrong', () => {
    expect(matchRoute(routes, 'DELETE', '/pods')).toEqual({ kind: 'method-not-allowed', allow: ['GET'] });
  });

  it('does not match an empty param, extra segments or broken encoding', () => {
    expect(matchRoute(routes, 'GET', '/pods//logs')).toEqual({ kind: 'not-found' });
    expect(matchRoute(routes, 'GET', '/pods/a/logs/more')).toEqual({ kind: 'not-found' });
    expect(matchRoute(routes, 'GET', '/pods/%E0%A4%A/logs')).toEqual({ kind: 'not-found' });
  });
});

describe('validateRoutes', () => {
  it('refuses reserved paths, duplicates and relative paths', () => {
    expect(() => validateRoutes([{ method: 'GET', path: '/health', handler }], ['/health', '/mcp'])).toThrow(/served by the HTTP server/);
    expect(() =>
      validateRoutes(
        [
          { method: 'GET', path: '/pods/:id', handler },
          { method: 'get', path: '/pods/:name', handler },
        ],
        [],
      ),
    ).toThrow(/Two routes/);
    expect(() => validateRoutes([{ method: 'GET', path: 'pods', handler }], [])).toThrow(/start with/);
    expect(() => validateRoutes(routes, ['/mcp'])).not.toThrow();
  });
});
