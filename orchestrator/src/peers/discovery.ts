// Turns the three peer sources (a static URL list, tagged Tailscale peers, DNS names) into one
// de-duplicated list that says where each peer came from. Pure: lookups happen in discovery-run.ts.
import type { TailscalePeer } from './tailscale-status';

export type PeerSource = 'static' | 'tailscale' | 'dns';

/** One sighting of a peer by one source, before de-duplication. */
export interface PeerCandidate {
  source: PeerSource;
  name: string;
  /** Origin to call, e.g. http://bravo.tail4e2b9.ts.net:8080 (no path). */
  url: string;
  host: string;
  port: number;
  /** Every host name or IP this peer answers on; two candidates sharing one (and the port) are one peer. */
  aliases: string[];
  tags: string[];
}

export interface DiscoveredPeer {
  name: string;
  url: string;
  host: string;
  port: number;
  /** Sources that saw this peer, in priority order (static, tailscale, dns). */
  sources: PeerSource[];
  aliases: string[];
  tags: string[];
}

/** Something a source could not deliver; discovery goes on with the rest. */
export interface DiscoveryProblem {
  source: PeerSource;
  subject: string;
  message: string;
}

const SOURCE_PRIORITY: Record<PeerSource, number> = { static: 0, tailscale: 1, dns: 2 };

export function normalizeHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

function formatOrigin(scheme: 'http' | 'https', host: string, port: number): string {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Reads one static peer entry such as `http://10.0.0.5:8080`. Throws a message that says how to fix
 * the entry; the config schema calls this so a bad list stops the start, not a later request.
 */
export function parseStaticPeerUrl(entry: string): PeerCandidate {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new Error(`Static peer '${entry}' is not a URL; write it as http://host:port`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Static peer '${entry}' uses ${url.protocol}; use http://host:port or https://host:port`);
  }
  if (url.username || url.password) {
    throw new Error(`Static peer '${entry}' carries credentials; remove them (peers authenticate with signed requests)`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new Error(`Static peer '${entry}' has a path or query; give only http://host:port`);
  }
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  const host = normalizeHost(url.hostname);
  return { source: 'static', name: host, url: formatOrigin(scheme, host, port), host, port, aliases: [host], tags: [] };
}

export function staticPeerCandidates(entries: readonly string[]): PeerCandidate[] {
  return entries.map(parseStaticPeerUrl);
}

/** Tailscale peers are called over plain HTTP: the tailnet already encrypts and authenticates the link. */
export function tailscalePeerCandidates(peers: readonly TailscalePeer[], port: number): PeerCandidate[] {
  return peers.map((peer) => {
    const host = normalizeHost(peer.address);
    return {
      source: 'tailscale',
      name: peer.name,
      url: formatOrigin('http', host, port),
      host,
      port,
      aliases: unique([host, ...peer.aliases.map(normalizeHost)]),
      tags: [...peer.tags],
    };
  });
}

export interface DnsPeerEntry {
  name: string;
  port: number;
}

/** Reads a DNS peer entry, `host` or `host:port`; the port defaults to the configured one. */
export function parseDnsPeerEntry(entry: string, defaultPort: number): DnsPeerEntry {
  const match = /^([A-Za-z0-9.-]+?)\.?(?::(\d{1,5}))?$/.exec(entry.trim());
  const port = match?.[2] === undefined ? defaultPort : Number(match[2]);
  if (!match || !match[1] || port < 1 || port > 65535) {
    throw new Error(`DNS peer '${entry}' is not a host name with an optional port; write it as name or name:port`);
  }
  return { name: match[1].toLowerCase(), port };
}

export interface ResolvedDnsPeer extends DnsPeerEntry {
  addresses: string[];
}

export function dnsPeerCandidates(resolved: readonly ResolvedDnsPeer[]): PeerCandidate[] {
  return resolved.map((entry) => ({
    source: 'dns',
    name: entry.name,
    url: formatOrigin('http', entry.name, entry.port),
    host: entry.name,
    port: entry.port,
    aliases: unique([entry.name, ...entry.addresses.map(normalizeHost)]),
    tags: [],
  }));
}

export interface MergeOptions {
  /** This node's own names and port, so a shared static list does not make a node its own peer. */
  self?: { port: number; aliases: readonly string[] };
}

/**
 * One peer per (port, any shared alias). The highest-priority source decides the URL (an operator's
 * static entry wins), Tailscale's machine name wins as the display name, tags and aliases are unioned.
 */
export function mergePeerCandidates(candidates: readonly PeerCandidate[], options: MergeOptions = {}): DiscoveredPeer[] {
  const ordered = [...candidates].sort((a, b) => SOURCE_PRIORITY[a.source] - SOURCE_PRIORITY[b.source]);
  const selfAliases = new Set((options.self?.aliases ?? []).map(normalizeHost));
  let groups: PeerCandidate[][] = [];
  for (const candidate of ordered) {
    if (options.self && candidate.port === options.self.port && candidate.aliases.some((alias) => selfAliases.has(alias))) continue;
    const matching = groups.filter((group) => group.some((member) => sameEndpoint(member, candidate)));
    // A candidate can bridge two groups (a DNS name resolving to an IP a static entry used).
    const merged = [...matching.flat(), candidate];
    groups = [...groups.filter((group) => !matching.includes(group)), merged];
  }
  return groups
    .map(toDiscoveredPeer)
    .sort((a, b) => a.name.localeCompare(b.name) || a.url.localeCompare(b.url));
}

function sameEndpoint(a: PeerCandidate, b: PeerCandidate): boolean {
  return a.port === b.port && a.aliases.some((alias) => b.aliases.includes(alias));
}

function toDiscoveredPeer(group: PeerCandidate[]): DiscoveredPeer {
  const members = [...group].sort((a, b) => SOURCE_PRIORITY[a.source] - SOURCE_PRIORITY[b.source]);
  const first = members[0]!;
  const tailscaleName = members.find((member) => member.source === 'tailscale')?.name;
  return {
    name: tailscaleName ?? first.name,
    url: first.url,
    host: first.host,
    port: first.port,
    sources: unique(members.map((member) => member.source)),
    aliases: unique(members.flatMap((member) => member.aliases)),
    tags: unique(members.flatMap((member) => member.tags)),
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
