import { describe, expect, it } from 'vitest';
import { matchRoute } from './route-match';

const routes = [
  { method: 'GET', path: '/pods' },
  { method: 'GET', path: '/pods/:id/logs' },
  { method: 'POST', path: '/schedule' },
  { method: 'GET', path: '/health' },
];

describe('matchRoute', () => {
  it('finds the route and decodes its parameters', () => {
    expect(matchRoute(routes, 'GET', '/pods/web%201/logs')).toEqual({ kind: 'found', route: routes[1], params: { id: 'web 1' } });
  });

  it('ignores a trailing slash and the case of the method', () => {
    expect(matchRoute(routes, 'post', '/schedule/')).toMatchObject({ kind: 'found', route: routes[2] });
  });

  it('names the methods the path does have', () => {
    expect(matchRoute(routes, 'DELETE', '/pods')).toEqual({ kind: 'method-not-allowed', allow: ['GET'] });
  });

  it('matches nothing for an empty parameter, extra segments, an unknown path or broken percent-encoding', () => {
    expect(matchRoute(routes, 'GET', '/pods//logs')).toEqual({ kind: 'not-found' });
    expect(matchRoute(routes, 'GET', '/pods/a/logs/more')).toEqual({ kind: 'not-found' });
    expect(matchRoute(routes, 'GET', '/nope')).toEqual({ kind: 'not-found' });
    expect(matchRoute(routes, 'GET', '/pods/%E0%A4%A/logs')).toEqual({ kind: 'not-found' });
  });
});
