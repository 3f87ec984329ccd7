import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISCOVERY_CONFIG_SCHEMA, type DiscoveryConfigInput } from './discovery-config';
import type { LookupAll } from './discovery-dns';
import { discoverPeers } from './discovery-run';
import { tailscaleFixture, type TailscaleFixture } from './tailscale-fixtures';
import { parseTailscaleStatus } from './tailscale-status';

const recordedStatus = (name: TailscaleFixture) => parseTailscaleStatus(tailscaleFixture(name));

const lookupAll: LookupAll = async (name) => {
  if (name === 'vp.example.org') return ['100.101.102.12'];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

const config = (input: DiscoveryConfigInput) => DISCOVERY_CONFIG_SCHEMA.parse(input);

describe('discoverPeers', () => {
  it('combines all three sources into one list and reports the name that does not resolve', async () => {
    const result = await discoverPeers(
      config({
        static: ['http://100.101.102.11:8080', 'http://10.0.0.9:8080'],
        tailscale: { enabled: true, port: 8080 },
        dns: { names: ['vp.example.org', 'gone.example.org:9000'] },
      }),
      { tailscale: { status: async () => recordedStatus('status.json') }, lookupAll },
    );
    expect(result.peers.map((peer) => [peer.name, peer.url, peer.sources])).toEqual([
      ['10.0.0.9', 'http://10.0.0.9:8080', ['static']],
      ['bravo', 'http://100.101.102.11:8080', ['static', 'tailscale']],
      ['charlie', 'http://100.101.102.12:8080', ['tailscale', 'dns']],
    ]);
    expect(result.problems).toEqual([
      {
        source: 'dns',
        subject: 'gone.example.org',
        message: expect.stringMatching(/'gone.example.org' does not resolve \(ENOTFOUND\)/),
      },
    ]);
  });

  it('keeps the static peers and reports why when tailscaled is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vaultplane-discovery-'));
    try {
      const socketPath = join(dir, 'tailscaled.sock');
      const result = await discoverPeers(config({ static: ['http://10.0.0.9:8080'], tailscale: { enabled: true, socketPath } }));
      expect(result.peers.map((peer) => peer.url)).toEqual(['http://10.0.0.9:8080']);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ source: 'tailscale', subject: socketPath });
      expect(result.problems[0]?.message).toMatch(/tailscaled is not running or the socket is elsewhere/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a logged-out tailscaled instead of finding no peers silently', async () => {
    const result = await discoverPeers(config({ tailscale: { enabled: true } }), {
      tailscale: { status: async () => recordedStatus('status-needs-login.json') },
    });
    expect(result.peers).toEqual([]);
    expect(result.problems[0]?.message).toMatch(/NeedsLogin.*tailscale up/);
  });

  it('does not ask tailscaled when Tailscale discovery is off', async () => {
    let asked = false;
    const result = await discoverPeers(config({ static: ['http://10.0.0.9:8080'] }), {
      tailscale: {
        status: async () => {
          asked = true;
          return recordedStatus('status.json');
        },
      },
    });
    expect(asked).toBe(false);
    expect(result.problems).toEqual([]);
  });

  it('leaves this node out of a static list shared by every node', async () => {
    const result = await discoverPeers(config({ static: ['http://127.0.0.1:8081', 'http://127.0.0.1:8082'] }), {}, {
      self: { port: 8081, aliases: ['127.0.0.1', 'localhost'] },
    });
    expect(result.peers.map((peer) => peer.url)).toEqual(['http://127.0.0.1:8082']);
  });
});
