import { describe, expect, it } from 'vitest';
import { DISCOVERY_CONFIG_SCHEMA } from './discovery-config';

describe('DISCOVERY_CONFIG_SCHEMA', () => {
  it('turns every source off except what is listed, with the documented defaults', () => {
    expect(DISCOVERY_CONFIG_SCHEMA.parse({})).toEqual({
      static: [],
      tailscale: {
        enabled: false,
        socketPath: '/var/run/tailscale/tailscaled.sock',
        tag: 'tag:vaultplane',
        port: 8080,
        timeoutMs: 5000,
      },
      dns: { names: [], port: 8080 },
    });
  });

  it('names the bad static entry and says how to write it', () => {
    const result = DISCOVERY_CONFIG_SCHEMA.safeParse({ static: ['http://ok:8080', 'box:8080/x'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['static', 1]);
    expect(result.error?.issues[0]?.message).toMatch(/http:\/\/host:port/);
  });

  it('refuses a tag without the tag: prefix and a DNS entry that is a URL', () => {
    expect(DISCOVERY_CONFIG_SCHEMA.safeParse({ tailscale: { tag: 'vaultplane' } }).error?.issues[0]?.message).toMatch(/tag:vaultplane/);
    expect(DISCOVERY_CONFIG_SCHEMA.safeParse({ dns: { names: ['http://x'] } }).error?.issues[0]?.path).toEqual(['dns', 'names', 0]);
  });

  it('reads every entry once: the parsed config carries the entries, DNS names with the configured port', () => {
    const config = DISCOVERY_CONFIG_SCHEMA.parse({ static: ['http://10.0.0.5:9090'], dns: { names: ['alpha', 'bravo:7000'], port: 8181 } });
    expect(config.static.map((peer) => peer.url)).toEqual(['http://10.0.0.5:9090']);
    expect(config.dns.names).toEqual([
      { name: 'alpha', port: 8181 },
      { name: 'bravo', port: 7000 },
    ]);
  });
});
