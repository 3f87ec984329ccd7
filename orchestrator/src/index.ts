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
