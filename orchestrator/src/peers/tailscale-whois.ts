// Reads the LocalAPI's whois answer (tailscale's apitype.WhoIsResponse: Node, UserProfile, CapMap)
// down to what the peer layer logs about a caller. Pure.
import { z } from 'zod';
import { GO_STRING_LIST as stringList, readTailscaleDocument } from './tailscale-document';

export const TAILSCALE_WHOIS_SCHEMA = z.looseObject({
  Node: z.looseObject({
    StableID: z.string().optional(),
    Name: z.string().default(''),
    Addresses: stringList,
    Tags: stringList,
    ComputedName: z.string().optional(),
  }),
  UserProfile: z
    .looseObject({ LoginName: z.string().optional(), DisplayName: z.string().optional() })
    .nullish(),
  CapMap: z.record(z.string(), z.unknown()).nullish(),
});

/** Who sits behind a tailnet address. */
export interface TailscaleIdentity {
  /** The node's MagicDNS name without the trailing dot. */
  nodeName: string;
  /** Tailscale IPs without their /32 or /128 suffix. */
  addresses: string[];
  tags: string[];
  /** The owner's login; undefined for tagged nodes, which belong to the tags, not to a person. */
  loginName: string | undefined;
  /** Peer capability names granted to the caller by the tailnet policy. */
  capabilities: string[];
}

// tailscaled reports tagged nodes as owned by this placeholder user.
const TAGGED_DEVICES_LOGIN = 'tagged-devices';

export class TailscaleWhoisFormatError extends Error {
  constructor(detail: string) {
    super(`tailscaled answered a whois document vaultplane cannot read (${detail}); update tailscaled, or report the shape.`);
    this.name = 'TailscaleWhoisFormatError';
  }
}

export function parseTailscaleWhois(document: unknown): TailscaleIdentity {
  const { Node: node, UserProfile: user, CapMap: capMap } = readTailscaleDocument(
    TAILSCALE_WHOIS_SCHEMA,
    document,
    (detail) => new TailscaleWhoisFormatError(detail),
  );
  const login = user?.LoginName;
  return {
    nodeName: node.Name.replace(/\.$/, '') || node.ComputedName || '',
    addresses: node.Addresses.map((prefix) => prefix.replace(/\/\d+$/, '')),
    tags: node.Tags,
    loginName: login && login !== TAGGED_DEVICES_LOGIN ? login : undefined,
    capabilities: Object.keys(capMap ?? {}),
  };
}
