import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditLog } from '../audit/audit-log';
import { PolicyStore } from '../policy/policy-store';
import type { ContainerRuntime } from '../runtime/container-runtime';
import { DockerRuntime } from '../runtime/docker-runtime';
import { peerRoutes } from '../api/peer-routes';
import type { TaskUpdate } from '../api/request-schemas';
import type { OrchestratorRoute } from '../api/route-types';
import type { PeerConfig } from '../peers/peer-config';
import type { ShareableNodeIdentity } from '../peers/peer-identity';
import { startPeering, type Peering } from '../peers/peering';
import { Orchestrator, type OrchestratorOptions } from './orchestrator';

// Wires the orchestrator from a data dir: policy file (hot-reloaded), audit log, Docker runtime,
// and with a peers file, the peer layer (identity, capacity exchange, forwarding).

export interface OrchestratorSetup extends Omit<OrchestratorOptions, 'runtime' | 'policy' | 'audit' | 'peers'> {
  /** The parsed peers file; without it the node does not peer. Its node name and capacity apply. */
  peers?: PeerConfig | undefined;
  /** Operational messages of the peer layer (peers coming and going, peer requests). */
  log?: (message: string) => void;
  /** Default: <dataDir>/policy.yaml; a missing file means the default policy. */
  policyPath?: string;
  /** Default: <dataDir>/audit.jsonl. */
  auditPath?: string;
  /** Default: a DockerRuntime for DOCKER_HOST or /var/run/docker.sock. */
  runtime?: ContainerRuntime;
  /** Start the event watcher and TTL loop at once (default true). */
  start?: boolean;
}

export interface OrchestratorHandle {
  orchestrator: Orchestrator;
  policy: PolicyStore;
  audit: AuditLog;
  /** With a peers file: this node's identity (what peers list to trust it) and its /peer routes. */
  peering?: {
    identity: ShareableNodeIdentity;
    routes(options?: { applyTaskUpdate?: (update: TaskUpdate) => Promise<unknown> }): OrchestratorRoute[];
  };
  close(): Promise<void>;
}

export async function createOrchestrator(setup: OrchestratorSetup): Promise<OrchestratorHandle> {
  await mkdir(setup.dataDir, { recursive: true });
  const audit = await AuditLog.open(setup.auditPath ?? join(setup.dataDir, 'audit.jsonl'));
  let orchestrator: Orchestrator | undefined;
  let policy: PolicyStore;
  try {
    policy = await PolicyStore.open({
      path: setup.policyPath ?? join(setup.dataDir, 'policy.yaml'),
      onChange: () => void orchestrator?.policyChanged('changed'),
      onError: (error) => {
        setup.onError?.(error);
        void orchestrator?.policyChanged('rejected', error.message);
      },
    });
  } catch (error) {
    await audit.close();
    throw error;
  }
  const { policyPath: _policy, auditPath: _audit, runtime, start, peers: peerConfig, log = () => undefined, ...rest } = setup;
  const nodeName = setup.nodeName ?? peerConfig?.node;
  let peering: Peering | undefined;
  try {
    peering = peerConfig === undefined ? undefined : await startPeering(peerConfig, { dataDir: setup.dataDir, nodeName, log });
  } catch (error) {
    policy.close();
    await audit.close();
    throw error;
  }
  orchestrator = new Orchestrator({
    ...rest,
    ...(nodeName === undefined ? {} : { nodeName }),
    ...(peerConfig?.capacity === undefined ? {} : { declaredCapacity: peerConfig.capacity }),
    peers: peering?.forwarding,
    runtime: runtime ?? new DockerRuntime(),
    policy: () => policy.current,
    audit,
  });
  if (start !== false) orchestrator.start();
  const created = orchestrator;
  const running = peering;
  // GET /events and webhooks then carry the peers' pod events too, each with its node.
  if (start !== false) running?.relayEvents((event) => created.events.publish(event));
  return {
    orchestrator: created,
    policy,
    audit,
    ...(running === undefined
      ? {}
      : {
          peering: {
            identity: running.identity,
            routes: (options = {}) =>
              peerRoutes(created, { verifier: running.verifier, acl: running.acl, whois: running.whois, log, applyTaskUpdate: options.applyTaskUpdate }),
          },
        }),
    close: async () => {
      policy.close();
      await running?.stop();
      await created.stop();
      await audit.close();
    },
  };
}
