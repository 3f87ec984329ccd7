// One discovery pass: asks each configured source, then merges. A source that fails becomes a
// reported problem so the others still count; only the merge rules live in discovery.ts.
import {
  dnsPeerCandidates,
  mergePeerCandidates,
  tailscalePeerCandidates,
  type DiscoveredPeer,
  type DiscoveryProblem,
  type MergeOptions,
  type PeerCandidate,
} from './discovery';
import type { DiscoveryConfig } from './discovery-config';
import { resolvePeerNames, systemLookupAll, type LookupAll } from './discovery-dns';
import { TailscaleLocalApi } from './tailscale-localapi';
import { selectTaggedPeers, tailscaleNotReadyReason, type TailscaleStatus } from './tailscale-status';

export interface DiscoveryDeps {
  /** Defaults to a LocalAPI client on the configured socket. */
  tailscale?: { status(): Promise<TailscaleStatus> };
  lookupAll?: LookupAll;
}

export interface DiscoveryResult {
  peers: DiscoveredPeer[];
  problems: DiscoveryProblem[];
}

export async function discoverPeers(config: DiscoveryConfig, deps: DiscoveryDeps = {}, merge: MergeOptions = {}): Promise<DiscoveryResult> {
  const problems: DiscoveryProblem[] = [];
  const [tailscale, dns] = await Promise.all([
    config.tailscale.enabled ? tailscaleCandidates(config, deps, problems) : Promise.resolve([]),
    dnsCandidates(config, deps.lookupAll ?? systemLookupAll, problems),
  ]);
  const candidates = [...config.static, ...tailscale, ...dns];
  return { peers: mergePeerCandidates(candidates, merge), problems };
}

async function tailscaleCandidates(config: DiscoveryConfig, deps: DiscoveryDeps, problems: DiscoveryProblem[]): Promise<PeerCandidate[]> {
  const { socketPath, timeoutMs, tag, port } = config.tailscale;
  const client = deps.tailscale ?? new TailscaleLocalApi({ socketPath, timeoutMs });
  try {
    const status = await client.status();
    const notReady = tailscaleNotReadyReason(status);
    if (notReady !== undefined) {
      problems.push({ source: 'tailscale', subject: socketPath, message: notReady });
      return [];
    }
    return tailscalePeerCandidates(selectTaggedPeers(status, tag), port);
  } catch (error) {
    problems.push({ source: 'tailscale', subject: socketPath, message: (error as Error).message });
    return [];
  }
}

async function dnsCandidates(config: DiscoveryConfig, lookupAll: LookupAll, problems: DiscoveryProblem[]): Promise<PeerCandidate[]> {
  if (config.dns.names.length === 0) return [];
  const { resolved, unresolved } = await resolvePeerNames(config.dns.names, lookupAll);
  for (const entry of unresolved) {
    problems.push({
      source: 'dns',
      subject: entry.name,
      message: `Peer name '${entry.name}' does not resolve (${entry.reason}); fix the name or its DNS record, or remove it from the DNS peer list.`,
    });
  }
  return dnsPeerCandidates(resolved);
}
