// The port every container engine adapter implements. It speaks only our own types, so the
// scheduler, policy and API never see an engine library's types.

export type EngineStatus =
  | {
      reachable: true;
      /** Where the engine was reached, e.g. unix:///var/run/docker.sock. */
      endpoint: string;
      /** Engine version, e.g. 20.10.24. */
      version: string;
      apiVersion: string;
      os: string;
      arch: string;
    }
  | {
      reachable: false;
      endpoint: string;
      /** What went wrong and how to fix it, ready to show to a person or an agent. */
      reason: string;
    };

export interface RunSpec {
  /** Must already be present on the engine; the runtime does not pull. */
  image: string;
  /** Exec form: argv, no shell unless you name one (['sh', '-c', '…']). */
  command: readonly string[];
  env?: Readonly<Record<string, string>>;
  /** Labels make containers findable again (cleanup, state rebuilt after a restart). */
  labels?: Readonly<Record<string, string>>;
  name?: string;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A bind mount from the host. The default policy refuses these; the port can still express them. */
export interface HostMount {
  hostPath: string;
  containerPath: string;
  readOnly?: boolean;
}

/** Where a workload may run, for runtimes that span several nodes (see ContainerRuntime.placesAcrossNodes). */
export interface PlacementConstraints {
  /** Only the node with this host name. */
  node?: string | undefined;
  /** Only nodes carrying all these labels with these values. */
  nodeLabels?: Readonly<Record<string, string>> | undefined;
}

/** A long-running container the orchestrator owns. Nothing here is engine-specific. */
export interface ContainerSpec {
  /** Must already be present on the engine; the runtime does not pull. */
  image: string;
  /** Unique on the engine; also the host name other containers on the network reach it by. */
  name: string;
  /** Exec form; omitted means the image's own command. */
  command?: readonly string[];
  env?: Readonly<Record<string, string>>;
  labels: Readonly<Record<string, string>>;
  workingDir?: string;
  /** CPU cores, fractional allowed (0.5 = half a core); omitted means no limit. */
  cpu?: number;
  /** Memory limit in bytes; omitted means no limit. */
  memoryBytes?: number;
  /** GPUs requested from the engine's GPU driver; 0 or omitted asks for none. */
  gpus?: number;
  /** A user-defined bridge network the container joins (created on demand). */
  network?: string;
  /** Run with the host's network stack instead of `network`. */
  hostNetwork?: boolean;
  privileged?: boolean;
  capAdd?: readonly string[];
  mounts?: readonly HostMount[];
  /** Honoured by runtimes that place across nodes; a single engine has nowhere else to go. */
  placement?: PlacementConstraints;
}

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead' | 'unknown';

export interface ContainerSummary {
  id: string;
  /** Without Docker's leading slash. */
  name: string;
  image: string;
  state: ContainerState;
  labels: Record<string, string>;
  /** ISO 8601. */
  createdAt: string;
  /** Set once the container has run and stopped. */
  exitCode: number | undefined;
  /** The engine node it runs on, for runtimes that span several; undefined until placed. */
  node?: string | undefined;
  /** Why it waits or failed, in the engine's words (e.g. no node satisfies the constraints). */
  reason?: string | undefined;
}

export interface ContainerDetails extends ContainerSummary {
  /** ISO 8601; undefined until it has started / finished. */
  startedAt: string | undefined;
  finishedAt: string | undefined;
  /** The engine's own error when a start failed (e.g. exec format error). */
  error: string | undefined;
  oomKilled: boolean;
  cpu: number | undefined;
  memoryBytes: number | undefined;
}

export interface ListFilter {
  /** label → value to match exactly, or true for "label present with any value". */
  labels: Readonly<Record<string, string | true>>;
}

export interface LogOptions {
  follow?: boolean;
  /** Only the last N lines (with both streams, the engine decides how they are counted). */
  tail?: number;
  /** Only lines written at or after this time. */
  since?: Date;
  stdout?: boolean;
  stderr?: boolean;
  /** Ends the stream (without an error) after this many payload bytes; the last chunk is cut to fit. */
  limitBytes?: number;
  /** Aborting ends the iteration quietly. */
  signal?: AbortSignal;
}

export interface LogChunk {
  stream: 'stdout' | 'stderr';
  data: Buffer;
}

export type ContainerEventAction =
  | 'create'
  | 'start'
  | 'die'
  | 'stop'
  | 'kill'
  | 'oom'
  | 'destroy'
  | 'pause'
  | 'unpause'
  | 'restart'
  | 'rename'
  | 'update';

export interface ContainerEvent {
  action: ContainerEventAction;
  id: string;
  name: string | undefined;
  image: string | undefined;
  /** The container's labels, as the engine reports them with each event. */
  labels: Record<string, string>;
  /** Present on `die`. */
  exitCode: number | undefined;
  /** ISO 8601, with the engine's nanosecond precision cut to milliseconds. */
  time: string;
}

export interface EventOptions {
  /** Only events for containers with these labels (same shape as ListFilter). */
  labels?: Readonly<Record<string, string | true>>;
  /** Replay events from this time on (the engine keeps a short history). */
  since?: Date;
  signal?: AbortSignal;
}

export interface EngineInfo {
  cpus: number;
  memoryBytes: number;
  /** GPUs, when the engine itself knows (Swarm's generic resources); otherwise nvidia-smi is asked. */
  gpus?: number;
  /** Engine host name. */
  name: string;
  serverVersion: string;
}

export interface ContainerRuntime {
  /**
   * True when the engine spreads workloads over several nodes and enforces
   * ContainerSpec.placement itself (Docker Swarm); the scheduler then checks resources only.
   */
  readonly placesAcrossNodes?: boolean;
  /** Never throws: an unreachable engine is a status, with the reason in words. */
  ping(): Promise<EngineStatus>;
  /** Cores and memory of the machine the engine runs on. */
  info(): Promise<EngineInfo>;
  /**
   * Creates the container, runs it until it exits, collects stdout and stderr separately and
   * removes the container again, whatever happened.
   * @throws InvalidRunSpecError, ImageNotFoundError, EngineUnavailableError, EngineRequestError
   */
  runToCompletion(spec: RunSpec): Promise<RunResult>;
  /**
   * Creates (does not start) a container; restart policy is always "no".
   * @throws InvalidRunSpecError, ImageNotFoundError, ContainerNameConflictError, EngineUnavailableError, EngineRequestError
   */
  createContainer(spec: ContainerSpec): Promise<{ id: string }>;
  /** @throws ContainerNotFoundError and the engine errors */
  startContainer(id: string): Promise<void>;
  /** Sends SIGTERM, then SIGKILL after the grace period. Stopping a stopped container is fine. */
  stopContainer(id: string, options?: { graceSeconds?: number }): Promise<void>;
  /** Force-removes (kills first when running). @throws ContainerNotFoundError */
  removeContainer(id: string): Promise<void>;
  /** @throws ContainerNotFoundError */
  inspectContainer(id: string): Promise<ContainerDetails>;
  /** Every container, running or not, matching the filter. */
  listContainers(filter: ListFilter): Promise<ContainerSummary[]>;
  /**
   * stdout and stderr kept apart. Without `follow` it ends at the current end of the log; with
   * it, when the container stops. The engine going away ends it with EngineUnavailableError.
   */
  logs(id: string, options?: LogOptions): AsyncIterable<LogChunk>;
  /** Container lifecycle events until aborted; throws EngineUnavailableError if the engine goes away. */
  events(options?: EventOptions): AsyncIterable<ContainerEvent>;
}
