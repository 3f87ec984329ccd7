// Parses the `tailscale status --json` document (the LocalAPI's GET /localapi/v0/status) and picks
// the peers that run vaultplane. Pure. Field names follow tailscale's ipn/ipnstate Status and
// PeerStatus; every other field is kept, since tailscaled adds fields between releases.
import { z } from 'zod';
import { GO_STRING_LIST as stringList, readTailscaleDocument } from './tailscale-document';

// Go encodes nil slices and maps as null, so every list and map here may be null.

export const TAILSCALE_PEER_STATUS_SCHEMA = z.looseObject({
  ID: z.string().optional(),
  PublicKey: z.string().optional(),
  HostName: z.string().default(''),
  DNSName: z.string().default(''),
  OS: z.string().default(''),
  UserID: z.number().optional(),
  TailscaleIPs: stringList,
  Tags: stringList,
  Online: z.boolean().default(false),
});

export const TAILSCALE_STATUS_SCHEMA = z.looseObject({
  Version: z.string().optional(),
  BackendState: z.string(),
  Self: TAILSCALE_PEER_STATUS_SCHEMA.nullish(),
  Health: stringList,
  MagicDNSSuffix: z.string().optional(),
  Peer: z
    .record(z.string(), TAILSCALE_PEER_STATUS_SCHEMA)
    .nullish()
    .transform((value) => value ?? {}),
});

export type TailscalePeerStatus = z.infer<typeof TAILSCALE_PEER_STATUS_SCHEMA>;
export type TailscaleStatus = z.infer<typeof TAILSCALE_STATUS_SCHEMA>;

/** A tailnet peer that carries the vaultplane tag. */
export interface TailscalePeer {
  /** The MagicDNS short name (unique in the tailnet), else the machine's host name. */
  name: string;
  /** DNSName without its trailing dot, else the first Tailscale IP. */
  address: string;
  /** Every address the peer is known by (DNS name and Tailscale IPs), so duplicates can be found. */
  aliases: string[];
  tags: string[];
  online: boolean;
  os: string;
}

export const DEFAULT_PEER_TAG = 'tag:vaultplane';

export class TailscaleStatusFormatError extends Error {
  constructor(detail: string) {
    super(
      `tailscaled answered a status document vaultplane cannot read (${detail}). ` +
        "Compare with 'tailscale status --json' and update tailscaled, or report the shape.",
    );
    this.name = 'TailscaleStatusFormatError';
  }
}

export function parseTailscaleStatus(document: unknown): TailscaleStatus {
  return readTailscaleDocument(TAILSCALE_STATUS_SCHEMA, document, (detail) => new TailscaleStatusFormatError(detail));
}

/** Why the peer list is meaningless right now, or undefined when tailscaled is up and logged in. */
export function tailscaleNotReadyReason(status: TailscaleStatus): string | undefined {
  if (status.BackendState === 'Running') return undefined;
  const hint =
    status.BackendState === 'NeedsLogin' || status.BackendState === 'NeedsMachineAuth'
      ? "log this machine in with 'tailscale up' (or approve it in the admin console)"
      : "bring it up with 'tailscale up'";
  const health = status.Health.length > 0 ? ` (${status.Health.join('; ')})` : '';
  return `tailscaled is in state ${status.BackendState}${health}; ${hint}, then retry`;
}

/** Online peers whose Tags include `tag`, sorted by name so the result is stable. */
export function selectTaggedPeers(status: TailscaleStatus, tag: string = DEFAULT_PEER_TAG): TailscalePeer[] {
  if (tailscaleNotReadyReason(status) !== undefined) return [];
  return Object.values(status.Peer)
    .filter((peer) => peer.Online && peer.Tags.includes(tag))
    .flatMap((peer) => {
      const peerView = toTailscalePeer(peer);
      return peerView === undefined ? [] : [peerView];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function toTailscalePeer(peer: TailscalePeerStatus): TailscalePeer | undefined {
  const dnsName = peer.DNSName.replace(/\.$/, '');
  const address = dnsName || peer.TailscaleIPs[0];
  // A peer with neither a DNS name nor an IP cannot be reached; leave it out.
  if (!address) return undefined;
  const name = dnsName.split('.')[0] || peer.HostName || address;
  const aliases = [...new Set([dnsName, ...peer.TailscaleIPs].filter((alias) => alias !== ''))];
  return { name, address, aliases, tags: peer.Tags, online: peer.Online, os: peer.OS };
}
