import { describe, expect, it } from 'vitest';
import {
  parseTailscaleStatus,
  selectTaggedPeers,
  tailscaleNotReadyReason,
  TailscaleStatusFormatError,
} from './tailscale-status';
import { tailscaleFixture as fixture } from './tailscale-fixtures';

describe('selectTaggedPeers on a recorded-shape tailscale status --json', () => {
  const status = parseTailscaleStatus(fixture('status.json'));

  it('returns only online peers carrying the tag, never the node itself', () => {
    const peers = selectTaggedPeers(status, 'tag:vaultplane');
    // delta is tagged but offline; the phone is online but untagged; alpha is Self.
    expect(peers.map((peer) => peer.name)).toEqual(['bravo', 'charlie']);
  });

  it('addresses a peer by its MagicDNS name without the trailing dot, else by its first Tailscale IP', () => {
    const [bravo, charlie] = selectTaggedPeers(status, 'tag:vaultplane');
    expect(bravo).toEqual({
      name: 'bravo',
      address: 'bravo.tail4e2b9.ts.net',
      aliases: ['bravo.tail4e2b9.ts.net', '100.101.102.11', 'fd7a:115c:a1e0::1a01:660b'],
      tags: ['tag:server', 'tag:vaultplane'],
      online: true,
      os: 'linux',
    });
    expect(charlie?.address).toBe('100.101.102.12');
    expect(charlie?.name).toBe('charlie');
  });

  it('matches the configured tag exactly', () => {
    expect(selectTaggedPeers(status, 'tag:server').map((peer) => peer.name)).toEqual(['bravo']);
    expect(selectTaggedPeers(status, 'tag:vault')).toEqual([]);
  });

  it('keeps fields it does not know about', () => {
    expect(status['CurrentTailnet']).toMatchObject({ MagicDNSEnabled: true });
  });
});

describe('a tailscaled that is not logged in', () => {
  const status = parseTailscaleStatus(fixture('status-needs-login.json'));

  it('parses the null Peer map and null lists Go writes', () => {
    expect(status.Peer).toEqual({});
    expect(status.Self?.TailscaleIPs).toEqual([]);
  });

  it('yields no peers and a reason that says to log in', () => {
    expect(selectTaggedPeers(status)).toEqual([]);
    expect(tailscaleNotReadyReason(status)).toMatch(/NeedsLogin.*You are logged out.*tailscale up/);
  });

  it('has no reason to report once Running', () => {
    expect(tailscaleNotReadyReason(parseTailscaleStatus(fixture('status.json')))).toBeUndefined();
  });
});

describe('parseTailscaleStatus', () => {
  it('names the field that has the wrong shape', () => {
    expect(() => parseTailscaleStatus({ BackendState: 'Running', Peer: { k: { Online: 'yes' } } })).toThrow(
      TailscaleStatusFormatError,
    );
    expect(() => parseTailscaleStatus({ BackendState: 'Running', Peer: { k: { Online: 'yes' } } })).toThrow(
      /Peer\.k\.Online/,
    );
  });

  it('refuses a document without BackendState', () => {
    expect(() => parseTailscaleStatus({ Peer: {} })).toThrow(/BackendState/);
  });
});
