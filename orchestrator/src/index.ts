// Public API of @vaultplane/orchestrator. The MCP server imports from here and nothing deeper.
export {
  ContainerNameConflictError,
  ContainerNotFoundError,
  EngineRequestError,
  EngineUnavailableError,
  ImageNotFoundError,
  InvalidDockerHostError,
  InvalidRunSpecError,
  NotSwarmManagerError,
  OrchestratorError,
  isOrchestratorError,
} from './errors';
export type { OrchestratorErrorCode } from './errors';
export type {
  ContainerDetails,
  ContainerEvent,
  ContainerEventAction,
  ContainerRuntime,
  ContainerSpec,
  ContainerState,
  ContainerSummary,
  EngineInfo,
  EngineStatus,
  EventOptions,
  HostMount,
  ListFilter,
  LogChunk,
  LogOptions,
  PlacementConstraints,
  RunResult,
  RunSpec,
} from './runtime/container-runtime';
export { DEFAULT_DOCKER_SOCKET, resolveDockerEndpoint } from './runtime/docker-endpoint';
export type { DockerEndpoint, DockerEnv } from './runtime/docker-endpoint';
export { DockerRuntime } from './runtime/docker-runtime';
export type { DockerRuntimeOptions } from './runtime/docker-runtime';
export { SwarmRuntime } from './runtime/swarm-runtime';
export type { SwarmRuntimeOptions } from './runtime/swarm-runtime';
export { RUNTIME_KINDS, createRuntime } from './runtime/runtime-choice';
export type { RuntimeKind } from './runtime/runtime-choice';
export { MIB, NO_RESOURCES, addResources, subtractResources, sumResources } from './scheduling/resources';
export type { Resources } from './scheduling/resources';
export {
  DEFAULT_WEIGHTS,
  Scheduler,
  balancedAllocationScore,
  filterNode,
  leastAllocatedScore,
  numFeasibleNodesToFind,
  scoreNode,
} from './scheduling/scheduler';
export type {
  NodeFilter,
  PlacementRequest,
  SchedulableNode,
  ScheduleDecision,
  SchedulerOptions,
  ScoreWeights,
} from './scheduling/scheduler';
export { benchmarkScheduler } from './scheduling/scheduler-benchmark';
export type { SchedulerBenchmarkOptions, SchedulerBenchmarkResult } from './scheduling/scheduler-benchmark';
export { quotaViolations } from './scheduling/quota';
export type { NamespaceQuota, NamespaceUsage } from './scheduling/quota';
export { nodeCapacity, toSchedulableNode } from './capacity/node-capacity';
export type { DiskSpace, MachineResources, NodeCapacity } from './capacity/node-capacity';
export { probeMachine } from './capacity/host-probe';
export type { HostProbeOptions } from './capacity/host-probe';
export type { GpuInfo } from './capacity/nvidia-smi';
export {
  IdempotencyConflictError,
  ForbiddenError,
  InvalidPolicyError,
  InvalidRequestError,
  InvalidSignatureError,
  PodNotFoundError,
  PolicyViolationError,
  QuotaExceededError,
  SignatureRequiredError,
  UnauthorizedError,
  UnknownNamespaceError,
  UnknownSigningKeyError,
  UnschedulableError,
} from './errors';
export { canonicalJson } from './canonical-json';
export { WorkloadSpecSchema } from './workload/workload-spec';
export type { WorkloadSpec, WorkloadSpecInput } from './workload/workload-spec';
export type { Pod, PodStatus } from './workload/pod';
export { LABEL } from './workload/pod-labels';
export { DEFAULT_POLICY, PolicySchema, SIGNING_KEY_ID, TOKEN_ACTIONS } from './policy/policy-schema';
export type { Policy, PolicyInput, PolicyToken, TokenAction } from './policy/policy-schema';
export { authorizationProblem, findPolicyToken, sha256Hex, workloadViolations } from './policy/policy-decisions';
export type { Principal, Violation } from './policy/policy-decisions';
export { loadPolicyFile, parsePolicy } from './policy/policy-file';
export {
  SIGNATURE_HEADER,
  formatSignatureHeader,
  manifestSigningText,
  parseSignatureHeader,
  signWorkloadSpec,
  verifyManifestSignature,
} from './policy/manifest-signature';
export type { ManifestSignature } from './policy/manifest-signature';
export { generateSigningKeyPair, parseEd25519PrivateKey, parseEd25519PublicKey, publicKeyBase64 } from './policy/ed25519-key';
export type { SigningKeyPair } from './policy/ed25519-key';
export { PolicyStore } from './policy/policy-store';
export type { PolicyStoreOptions } from './policy/policy-store';
export { GENESIS_HASH, verifyAuditText } from './audit/audit-chain';
export type { AuditEntry, AuditRecord, AuditType, AuditVerification } from './audit/audit-chain';
export { AuditLog, auditFileReport, verifyAuditFile } from './audit/audit-log';
export { auditReport } from './audit/audit-report';
export type { AuditReport } from './audit/audit-report';
export type { AuditLogOptions } from './audit/audit-log';
export { ADMIN, DEFAULT_NETWORK, Orchestrator } from './service/orchestrator';
export type { AuditSink, Health, OrchestratorOptions, PodFilter, ScheduleContext, ScheduleResult } from './service/orchestrator';
export { createOrchestrator } from './service/create-orchestrator';
export type { OrchestratorHandle, OrchestratorSetup } from './service/create-orchestrator';
export type { EventBus } from './service/event-bus';
export type { OrchestratorEvent } from './service/pod-events';
export { orchestratorRoutes } from './api/routes';
export type { OrchestratorRoutesOptions } from './api/routes';
export type { TaskUpdate } from './api/request-schemas';
export type { OrchestratorRoute, OrchestratorRouteContext } from './api/route-types';
export { errorResponse } from './api/http-status';
export type { ErrorResponse } from './api/http-status';
export { resolvePrincipal } from './api/principal';
export { startStandaloneServer } from './api/standalone-server';
export type { StandaloneServer, StandaloneServerOptions } from './api/standalone-server';
export { SseParser, readSse } from './api/sse-parser';
export type { SseEvent } from './api/sse-parser';
// Peering (issue 6): discovery, node identity, signed peer requests, the peer ACL, the peers
// file, and the /peer routes createOrchestrator serves through `handle.peering`.
export { discoverPeers } from './peers/discovery-run';
export type { DiscoveryResult } from './peers/discovery-run';
export { DISCOVERY_CONFIG_SCHEMA } from './peers/discovery-config';
export type { DiscoveryConfig } from './peers/discovery-config';
export type { DiscoveredPeer, DiscoveryProblem } from './peers/discovery';
export { TailscaleLocalApi, TailscaleLocalApiError } from './peers/tailscale-localapi';
export { loadOrCreateNodeIdentity, shareableIdentity } from './peers/peer-identity';
export type { NodeIdentity, ShareableNodeIdentity } from './peers/peer-identity';
export { PeerRequestVerifier, signPeerRequest } from './peers/peer-signing';
export type { PeerRequest, PeerRequestHeaders, TrustedPeer, VerifiedPeer } from './peers/peer-signing';
export { PeerAuthError, isPeerAuthError } from './peers/peer-signing-errors';
export { PeerAclSchema, decidePeerAccess, peerNamespaces } from './peers/peer-acl';
export type { PeerAcl, PeerAction } from './peers/peer-acl';
export { PeerDirectory } from './peers/peer-directory';
export { PEERS_FILE, PEER_CONFIG_SCHEMA, PeerConfigError, loadPeerConfig, parsePeerConfig } from './peers/peer-config';
export type { PeerConfig, PeerConfigInput } from './peers/peer-config';
export type { PeerListProblem, PeerStatus } from './service/peer-forwarding';
export type { ClusterPods } from './service/orchestrator';
export type { DirectoryPeer, PeerDirectoryOptions } from './peers/peer-directory';
export type { PeerState } from './peers/peer-directory-state';
// Outgoing webhooks (issue 7): pod and task events POSTed, signed, to configured URLs.
export { startWebhookDelivery } from './webhooks/webhook-dispatcher';
export type { WebhookDelivery, WebhookOptions, WebhookStats } from './webhooks/webhook-dispatcher';
export { WEBHOOK_HEADERS, signWebhookBody, verifyWebhookSignature } from './webhooks/webhook-signature';
export type { WebhookVerdict, WebhookVerification } from './webhooks/webhook-signature';
export type { WebhookPayload } from './webhooks/webhook-payload';
export { matchRoute } from './api/route-match';
export type { RouteMatch, RoutePattern } from './api/route-match';
export { POD_STATUSES } from './workload/pod';
export { FileLockTimeoutError, withFileLock } from './audit/file-lock';
