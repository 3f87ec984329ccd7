import { describe, expect, it } from 'vitest';
import { resolvePeerNames, type LookupAll } from './discovery-dns';

describe('resolvePeerNames', () => {
  it('resolves localhost through the system resolver', async () => {
    const { resolved, unresolved } = await resolvePeerNames([{ name: 'localhost', port: 8080 }]);
    expect(unresolved).toEqual([]);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]?.addresses.some((address) => address === '127.0.0.1' || address === '::1')).toBe(true);
  });

  it('reports names that do not resolve with the resolver code and keeps the ones that do', async () => {
    const lookupAll: LookupAll = async (name) => {
      if (name === 'vp.example.org') return ['10.0.0.5', '10.0.0.5', '10.0.0.6'];
      if (name === 'empty.example.org') return [];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    };
    const result = await resolvePeerNames(
      [
        { name: 'vp.example.org', port: 8080 },
        { name: 'gone.example.org', port: 9000 },
        { name: 'empty.example.org', port: 8080 },
      ],
      lookupAll,
    );
    expect(result.resolved).toEqual([{ name: 'vp.example.org', port: 8080, addresses: ['10.0.0.5', '10.0.0.6'] }]);
    expect(result.unresolved).toEqual([
      { name: 'gone.example.org', port: 9000, reason: 'ENOTFOUND' },
      { name: 'empty.example.org', port: 8080, reason: 'no addresses' },
    ]);
  });
});
