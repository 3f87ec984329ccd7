// Public API of @vaultplane/orchestrator. The MCP server imports from here and nothing deeper.
export {
  ContainerNameConflictError,
  ContainerNotFoundError,
  EngineRequestError,
  EngineUnavailableError,
  ImageNotFoundError,
  InvalidDockerHostError,
  InvalidRunSpecError,
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
  RunResult,
  RunSpec,
} from './runtime/container-runtime';
export { DEFAULT_DOCKER_SOCKET, resolveDockerEndpoint } from './runtime/docker-endpoint';
export type { DockerEndpoint, DockerEnv } from './runtime/docker-endpoint';
export { DockerRuntime } from './runtime/docker-runtime';
export type { DockerRuntimeOptions } from './runtime/docker-runtime';
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
