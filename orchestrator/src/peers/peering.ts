import type { PeerForwarding } from '../service/peer-forwarding';
import type { OrchestratorEvent } from '../service/pod-events';
import type { DiscoveredPeer } from './discovery';
import { discoverPeers } from './discovery-run';
import type { PeerAcl } from './peer-acl';
import { PeerClient } from './peer-client';
import { PEER_PATHS, PeerCluster } from './peer-cluster';
import type { PeerConfig } from './peer-config';
import { PeerDirectory, type DirectoryPeer } from './peer-directory';
import { PeerEventRelay } from './peer-event-relay';
import { peerStateEvent } from './peer-event-relay-rules';
import { loadOrCreateNodeIdentity, shareableIdentity, type ShareableNodeIdentity } from './peer-identity';
import { PeerRequestVerifier } from './peer-signing';
import { TailscaleLocalApi } from './tailscale-localapi';
import type { TailscaleIdentity } from './tailscale-whois';

// Assembles this node's side of peering from the peers file: its identity, the verifier of
// incoming requests, the capacity exchange with the discovered peers (discovery runs again
// every `discoveryIntervalMs`), and the forwarding adapter the orchestrator places through.

export interface Peering {
  identity: ShareableNodeIdentity;
  forwarding: PeerForwarding;
  verifier: PeerRequestVerifier;
  acl: () => PeerAcl;
  whois: ((address: string) => Promise<TailscaleIdentity | undefined>) | undefined;
  directory: PeerDirectory;
  /**
   * Starts publishing, through `publish`, the available peers' pod events (tagged with their node)
   * and every change of a peer's state as a `peer` event. Once; stop() ends it.
   */
  relayEvents(publish: (event: OrchestratorEvent) => void): void;
  stop(): Promise<void>;
}

export interface PeeringOptions {
  dataDir: string;
  /** This node's name, so a peer list that includes this node does not make it its own peer. */
  nodeName: string | undefined;
  log: (message: string) => void;
}

export async function startPeering(config: PeerConfig, options: PeeringOptions): Promise<Peering> {
  const identity = await loadOrCreateNodeIdentity(options.dataDir);
  const signer = { nodeId: identity.nodeId, privateKey: identity.privateKey };
  const verifier = new PeerRequestVerifier(config.trusted);
  const client = new PeerClient(signer, { timeoutMs: config.requestTimeoutMs });
  let publishEvent: ((event: OrchestratorEvent) => void) | undefined;
  let relay: PeerEventRelay | undefined;
  const directory = new PeerDirectory([], {
    signer,
    healthPath: PEER_PATHS.health,
    ...(options.nodeName === undefined ? {} : { localNode: options.nodeName }),
    ...(config.exchange.intervalMs === undefined ? {} : { intervalMs: config.exchange.intervalMs }),
    ...(config.exchange.timeoutMs === undefined ? {} : { timeoutMs: config.exchange.timeoutMs }),
    onChange: (state) => {
      options.log(`peer ${state.peer} (${state.url}) is ${state.state}${state.state === 'unavailable' ? `: ${state.reason}` : ''}`);
      const event = peerStateEvent(state, new Date());
      if (event !== undefined) publishEvent?.(event);
      relay?.reconcile();
    },
    onError: (error) => options.log(`peer directory: ${error.message}`),
  });
  const tailscale = config.discovery.tailscale;
  const localApi = tailscale.enabled ? new TailscaleLocalApi({ socketPath: tailscale.socketPath, timeoutMs: tailscale.timeoutMs }) : undefined;

  const discover = async () => {
    const { peers, problems } = await discoverPeers(config.discovery, localApi === undefined ? {} : { tailscale: localApi });
    for (const problem of problems) options.log(`peer discovery (${problem.source}, ${problem.subject}): ${problem.message}`);
    directory.setPeers(directoryPeers(peers));
  };
  await discover();
  directory.start();
  // The first exchange before any request is served, so placement knows the peers from the start.
  await directory.refresh();
  const timer = setInterval(() => discover().catch((error: unknown) => options.log(`peer discovery: ${(error as Error).message}`)), config.discoveryIntervalMs);
  timer.unref();

  options.log(`node ${identity.nodeId} public key ${identity.publicKey} (trust it on peers with this key); ${directory.peerStates().length} peer(s) configured`);
  return {
    identity: shareableIdentity(identity),
    forwarding: new PeerCluster(directory, client, config.exchange.timeoutMs),
    verifier,
    acl: () => config.acl,
    whois: localApi === undefined ? undefined : (address) => localApi.whois(address),
    directory,
    relayEvents: (publish) => {
      if (relay !== undefined) return;
      publishEvent = publish;
      relay = new PeerEventRelay({
        candidates: () => directory.availablePeers().map(({ peer, node }) => ({ peer: peer.name, url: peer.url, node })),
        client,
        publish,
        // A broken stream is often a peer that just went away: ask it now rather than at the next interval.
        onStreamBroken: () => void directory.refresh(),
        log: options.log,
      });
      relay.start();
    },
    stop: async () => {
      clearInterval(timer);
      await relay?.stop();
      await directory.stop();
    },
  };
}

/** Discovered peers under unique names: two peers on one host (static entries) get `host:port`. */
export function directoryPeers(peers: readonly DiscoveredPeer[]): DirectoryPeer[] {
  const counts = new Map<string, number>();
  for (const peer of peers) counts.set(peer.name, (counts.get(peer.name) ?? 0) + 1);
  return peers.map((peer) => ({ name: counts.get(peer.name)! > 1 ? `${peer.name}:${peer.port}` : peer.name, url: peer.url }));
}
