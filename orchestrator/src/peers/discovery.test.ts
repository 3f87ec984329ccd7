import { describe, expect, it } from 'vitest';
import {
  dnsPeerCandidates,
  mergePeerCandidates,
  parseDnsPeerEntry,
  parseStaticPeerUrl,
  staticPeerCandidates,
  tailscalePeerCandidates,
} from './discovery';
import { tailscaleFixture } from './tailscale-fixtures';
import { parseTailscaleStatus, selectTaggedPeers } from './tailscale-status';

// bravo (MagicDNS name) and charlie (IP only), as tailscale-status.test.ts reads them from the recording.
const taggedPeers = selectTaggedPeers(parseTailscaleStatus(tailscaleFixture('status.json')));

describe('parseStaticPeerUrl', () => {
  it('reads host and port, lowercases the host and drops a trailing slash', () => {
    expect(parseStaticPeerUrl('http://Box.LAN:8081/')).toMatchObject({ url: 'http://box.lan:8081', host: 'box.lan', port: 8081 });
  });

  it('fills the scheme default port and brackets IPv6 hosts', () => {
    expect(parseStaticPeerUrl('https://peer.example')).toMatchObject({ url: 'https://peer.example:443', port: 443 });
    expect(parseStaticPeerUrl('http://[fd7a::1]:8080')).toMatchObject({ url: 'http://[fd7a::1]:8080', host: 'fd7a::1' });
  });

  it('refuses entries it cannot call, saying how to write them', () => {
    expect(() => parseStaticPeerUrl('box:8080')).toThrow(/http:\/\/host:port/);
    expect(() => parseStaticPeerUrl('ftp://box:21')).toThrow(/uses ftp:/);
    expect(() => parseStaticPeerUrl('http://box:8080/api')).toThrow(/path or query/);
    expect(() => parseStaticPeerUrl('http://u:p@box:8080')).toThrow(/credentials/);
    expect(() => parseStaticPeerUrl('not a url')).toThrow(/not a URL/);
  });
});

describe('parseDnsPeerEntry', () => {
  it('takes a name with or without a port', () => {
    expect(parseDnsPeerEntry('Peers.Example.org', 8080)).toEqual({ name: 'peers.example.org', port: 8080 });
    expect(parseDnsPeerEntry('peers.example.org:9000', 8080)).toEqual({ name: 'peers.example.org', port: 9000 });
    expect(parseDnsPeerEntry('peers.example.org.', 8080)).toEqual({ name: 'peers.example.org', port: 8080 });
  });

  it('refuses URLs and bad ports', () => {
    expect(() => parseDnsPeerEntry('http://x:1', 8080)).toThrow(/name or name:port/);
    expect(() => parseDnsPeerEntry('x:70000', 8080)).toThrow(/name or name:port/);
  });
});

describe('mergePeerCandidates', () => {
  it('lists a peer seen by several sources once, with every source and the static URL', () => {
    const peers = mergePeerCandidates([
      ...tailscalePeerCandidates(taggedPeers, 8080),
      ...staticPeerCandidates(['http://100.101.102.11:8080', 'http://10.0.0.9:8080']),
      ...dnsPeerCandidates([{ name: 'vp.example.org', port: 8080, addresses: ['100.101.102.12'] }]),
    ]);
    expect(peers).toEqual([
      {
        name: '10.0.0.9',
        url: 'http://10.0.0.9:8080',
        host: '10.0.0.9',
        port: 8080,
        sources: ['static'],
        aliases: ['10.0.0.9'],
        tags: [],
      },
      {
        name: 'bravo',
        url: 'http://100.101.102.11:8080',
        host: '100.101.102.11',
        port: 8080,
        sources: ['static', 'tailscale'],
        aliases: ['100.101.102.11', 'bravo.tail4e2b9.ts.net', 'fd7a:115c:a1e0::1a01:660b'],
        tags: ['tag:server', 'tag:vaultplane'],
      },
      {
        name: 'charlie',
        url: 'http://100.101.102.12:8080',
        host: '100.101.102.12',
        port: 8080,
        sources: ['tailscale', 'dns'],
        aliases: ['100.101.102.12', 'fd7a:115c:a1e0::1a01:660c', 'vp.example.org'],
        tags: ['tag:vaultplane'],
      },
    ]);
  });

  it('keeps two orchestrators on one host apart when their ports differ', () => {
    const peers = mergePeerCandidates(staticPeerCandidates(['http://127.0.0.1:8081', 'http://127.0.0.1:8082', 'http://127.0.0.1:8081/']));
    expect(peers.map((peer) => peer.url)).toEqual(['http://127.0.0.1:8081', 'http://127.0.0.1:8082']);
  });

  it('joins two groups that one DNS name turns out to connect', () => {
    const peers = mergePeerCandidates([
      ...staticPeerCandidates(['http://10.0.0.5:8080', 'http://box.lan:8080']),
      ...dnsPeerCandidates([{ name: 'box.lan', port: 8080, addresses: ['10.0.0.5'] }]),
    ]);
    expect(peers).toHaveLength(1);
    expect(peers[0]?.sources).toEqual(['static', 'dns']);
  });

  it('leaves this node out when a shared static list names it', () => {
    const peers = mergePeerCandidates(staticPeerCandidates(['http://127.0.0.1:8081', 'http://127.0.0.1:8082']), {
      self: { port: 8081, aliases: ['127.0.0.1'] },
    });
    expect(peers.map((peer) => peer.url)).toEqual(['http://127.0.0.1:8082']);
  });
});
