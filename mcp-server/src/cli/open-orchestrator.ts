/**
 * The orchestrator embedded in `vaultplane serve`: its API routes on the MCP port, its health
 * in /health, and the credentials it adds (scoped policy tokens for the API, workload tokens
 * for MCP). With no Docker engine the server still runs; the API answers 503 with how to
 * start one.
 */
import {
  PEERS_FILE,
  createOrchestrator,
  createRuntime,
  loadPeerConfig,
  orchestratorRoutes,
  resolvePrincipal,
  type Orchestrator,
  type OrchestratorHandle,
  type PodStatus,
  type RuntimeKind,
  type TaskUpdate,
} from '@vaultplane/orchestrator';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { readBearerToken } from '../auth/bearer';
import { decideCredential, type CredentialDecision, type CredentialTarget, type WorkloadPodState } from '../auth/credential-decision';
import { verifyWorkloadToken, workloadTokenFor } from '../auth/workload-token';
import { SpecKitError } from '../speckit/speckit-errors';
import { updateTaskErrorStatus } from '../speckit/task-update-status';
import { applyTaskUpdateInVaults } from '../speckit/vault-task-update';
import type { HttpRoute } from '../transports/route-table';
import { VaultError } from '../vault/vault-errors';
import type { VaultSet } from '../vaults/vault-set';

/** The HTTP status a Spec-Kit or vault error deserves, attached where the API reads it. */
function withHttpStatus(error: unknown): unknown {
  if (error instanceof SpecKitError || error instanceof VaultError) {
    return Object.assign(error, { status: updateTaskErrorStatus(error.code) });
  }
  return error;
}

export interface EmbeddedOrchestrator {
  handle: OrchestratorHandle;
  /** On every pod this server starts: which pods' endings are this server's business. */
  owner: string;
  routes: HttpRoute[];
  acceptCredential: (authorization: string | undefined, target: CredentialTarget) => Promise<CredentialDecision>;
  health: () => Promise<object>;
}

export interface EmbeddedOrchestratorOptions {
  dataDir: string;
  /** Where POST /task-update changes Spec-Kit tasks. */
  vaults: VaultSet;
  serverToken: string;
  /** The MCP URL workloads are given; a container must be able to reach it (see the README). */
  workloadMcpUrl?: string;
  /** The Docker network workloads join; default the orchestrator's own. */
  workloadNetwork?: string;
  /** Plain containers (default) or Swarm services. */
  runtime?: RuntimeKind;
  log: (message: string) => void;
  /** The peers file (VAULTPLANE_PEERS or --peers); default <dataDir>/peers.yaml when it exists. */
  peersFile?: string | undefined;
}

export async function openOrchestrator(options: EmbeddedOrchestratorOptions): Promise<EmbeddedOrchestrator> {
  const { serverToken } = options;
  const peers = await loadPeerConfig(options.peersFile ?? join(options.dataDir, PEERS_FILE), { missingOk: options.peersFile === undefined });
  const owner = ownerIdOf(options.dataDir);
  const handle = await createOrchestrator({
    dataDir: options.dataDir,
    owner,
    runtime: createRuntime(options.runtime ?? 'docker'),
    mcpUrl: options.workloadMcpUrl,
    network: options.workloadNetwork,
    workloadToken: (pod) => workloadTokenFor(serverToken, pod.id),
    onError: (error) => options.log(`orchestrator: ${error.message}`),
    peers,
    log: options.log,
  });
  if (options.runtime === 'swarm') {
    // Said at start, not only at the first schedule: Swarm mode is a choice the engine must match.
    const engine = (await handle.orchestrator.health()).engine;
    options.log(engine.reachable ? `workloads run as Docker Swarm services (${engine.endpoint})` : `orchestrator: ${engine.reason}`);
  }
  const principalOf = (authorization: string | undefined) => resolvePrincipal(handle.policy.current, serverToken, authorization);
  const applyTaskUpdate = (update: TaskUpdate) =>
    applyTaskUpdateInVaults(options.vaults, update, handle.orchestrator).catch((error: unknown) => Promise.reject(withHttpStatus(error)));
  return {
    handle,
    owner,
    routes: [
      ...orchestratorRoutes(handle.orchestrator, {
        includeHealth: false,
        applyTaskUpdate,
        principal: (ctx) => principalOf(ctx.req.headers.authorization),
      }),
      ...(handle.peering?.routes({ applyTaskUpdate }) ?? []),
    ],
    acceptCredential: async (authorization, target) => {
      const presented = readBearerToken(authorization);
      if (presented === undefined) return false;
      const facts = { target, isPolicyToken: principalOf(authorization) !== undefined, workloadPod: verifyWorkloadToken(serverToken, presented) };
      const podState = target === 'mcp' && facts.workloadPod !== undefined ? await workloadPodState(handle.orchestrator, facts.workloadPod) : undefined;
      return decideCredential(facts, podState);
    },
    health: async () => ({ node: await handle.orchestrator.health() }),
  };
}

/**
 * One id per data dir: stable across restarts (pods started before one are still this server's),
 * different for a server of another vault on the same engine.
 */
function ownerIdOf(dataDir: string): string {
  return createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
}

/** A pod whose container is gone or has stopped no longer holds a live workload token. */
const LIVE_POD_STATUSES: ReadonlySet<PodStatus> = new Set(['pending', 'running', 'paused']);

/** From the orchestrator's pod list (kept fresh by engine events), not a call per request. */
async function workloadPodState(orchestrator: Orchestrator, podId: string): Promise<WorkloadPodState> {
  try {
    const pod = (await orchestrator.list()).find((candidate) => candidate.id === podId);
    return pod !== undefined && LIVE_POD_STATUSES.has(pod.status) ? 'live' : 'gone';
  } catch {
    // The engine does not answer: the pod cannot be vouched for, so the token is refused for now.
    return 'unknown';
  }
}
