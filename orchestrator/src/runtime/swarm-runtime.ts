import type Docker from 'dockerode';
import { setTimeout as sleep } from 'node:timers/promises';
import { ContainerNameConflictError, ContainerNotFoundError, ImageNotFoundError, NotSwarmManagerError } from '../errors';
import type {
  ContainerDetails,
  ContainerEvent,
  ContainerRuntime,
  ContainerSpec,
  ContainerSummary,
  EngineInfo,
  EngineStatus,
  EventOptions,
  ListFilter,
  LogChunk,
  LogOptions,
  RunResult,
  RunSpec,
} from './container-runtime';
import { assertEngineRef, connectDocker, demuxLogStream, logQuery, openEngineStream, statusOf } from './docker-client';
import { labelFilter } from './docker-create-options';
import type { DockerEndpoint } from './docker-endpoint';
import { mapDockerError } from './docker-error-mapping';
import { containerEvents } from './docker-event-stream';
import { EnsuredNetworks } from './docker-networks';
import { DockerRuntime, type DockerRuntimeOptions } from './docker-runtime';
import { assertValidContainerSpec } from './run-spec';
import { serviceEventFromTask, SWARM_SERVICE_ID_LABEL } from './swarm-engine-event';
import { swarmCapacity, type SwarmNode } from './swarm-node-capacity';
import { toServiceSpec, withReplicas } from './swarm-service-spec';
import { detailsFromService, newestTasks, summaryFromService, taskState, type SwarmTask } from './swarm-task-state';

// Workloads as Docker Swarm services on the manager this engine is: one replica, never
// restarted, with reservations, limits and placement constraints. A pod is a service; its
// newest task says where it runs and how far it got. Everything returned or thrown is our own type.

export type SwarmRuntimeOptions = DockerRuntimeOptions;

/** Swarm services join an overlay network; a local bridge of the plain name may already exist. */
const overlayNetworkName = (network: string): string => `${network}-swarm`;

// How long a following log stream waits for the last lines once the task has ended.
const LOG_DRAIN_MS = 1_000;
const TASK_POLL_MS = 250;
/** Swarm's default stop grace period, which tasks on other nodes get. */
const SWARM_STOP_GRACE_SECONDS = 10;
/** Beyond the grace period, how long stop waits for Swarm to report the task down. */
const STOP_SLACK_SECONDS = 5;
const UPDATE_ATTEMPTS = 3;

export class SwarmRuntime implements ContainerRuntime {
  readonly placesAcrossNodes = true;
  readonly endpoint: DockerEndpoint;
  private readonly docker: Docker;
  /** The same engine as plain Docker: version, resources, one-off containers and stops of local tasks. */
  private readonly engine: DockerRuntime;
  private readonly networks: EnsuredNetworks;

  constructor(options: SwarmRuntimeOptions = {}) {
    const client = options.client ?? connectDocker(options);
    ({ docker: this.docker, endpoint: this.endpoint } = client);
    this.engine = new DockerRuntime({ ...options, client });
    this.networks = new EnsuredNetworks(this.docker, this.endpoint.address, { Driver: 'overlay', Attachable: true });
  }

  /** Unreachable also when the engine answers but is no Swarm manager: nothing could be scheduled. */
  async ping(): Promise<EngineStatus> {
    const status = await this.engine.ping();
    if (!status.reachable) return status;
    try {
      await this.assertManager();
      return status;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { reachable: false, endpoint: status.endpoint, reason };
    }
  }

  /** @throws NotSwarmManagerError with what to run when this engine cannot manage services. */
  async assertManager(): Promise<void> {
    let swarm: { LocalNodeState?: string; ControlAvailable?: boolean } | undefined;
    try {
      swarm = ((await this.docker.info()) as { Swarm?: typeof swarm }).Swarm;
    } catch (error) {
      throw this.mapError(error, 'report its Swarm state');
    }
    const state = swarm?.LocalNodeState ?? 'unknown';
    if (state !== 'active') throw new NotSwarmManagerError(this.endpoint.address, `Swarm state: ${state}`);
    if (swarm?.ControlAvailable !== true) throw new NotSwarmManagerError(this.endpoint.address, 'it is a worker; only managers accept services');
  }

  /** The whole swarm's ready, active nodes as one machine (GPUs included); the engine's host name names it. */
  async info(): Promise<EngineInfo> {
    const [engine, nodes] = await Promise.all([this.engine.info(), this.nodes()]);
    return { ...engine, ...swarmCapacity(nodes) };
  }

  /** Runs a one-off container on this engine (not as a service): it has no placement to decide. */
  runToCompletion(spec: RunSpec): Promise<RunResult> {
    return this.engine.runToCompletion(spec);
  }

  /** A service with 0 replicas: it exists, reserves nothing on a node, and runs at start. */
  async createContainer(spec: ContainerSpec): Promise<{ id: string }> {
    assertValidContainerSpec(spec);
    const image = await this.resolveImage(spec.image);
    const network = spec.hostNetwork === true || spec.network === undefined ? undefined : overlayNetworkName(spec.network);
    const serviceSpec = toServiceSpec(spec, image, network);
    if (network !== undefined) await this.networks.ensure(network);
    try {
      // An explicit undefined auth: with the spec alone, dockerode would send the spec as registry credentials.
      const created = await this.docker.createService(undefined as unknown as Docker.AuthConfig, serviceSpec);
      return { id: created.id };
    } catch (error) {
      if (statusOf(error) === 409) throw new ContainerNameConflictError(spec.name, { cause: error });
      throw this.mapError(error, `create the service '${spec.name}'`, spec.image);
    }
  }

  /** Scales the service to its one replica; Swarm then places the task. */
  async startContainer(id: string): Promise<void> {
    await this.scale(id, 1);
  }

  /**
   * Scales to 0 and waits for the task to end. Swarm stops a task with the grace period of the
   * spec it started with (10 s unless set), so a task container on this engine is stopped
   * directly with the grace asked for; one on another node gets Swarm's.
   */
  async stopContainer(id: string, options: { graceSeconds?: number } = {}): Promise<void> {
    const graceSeconds = options.graceSeconds ?? 10;
    await this.scale(id, 0);
    const containerId = (await this.newestTask(id))?.Status?.ContainerStatus?.ContainerID;
    if (containerId) {
      try {
        await this.engine.stopContainer(containerId, { graceSeconds });
        // Stopped here: Swarm's record of the task catches up on its own.
        return;
      } catch (error) {
        // Not on this node, or already gone: Swarm stops it.
        if (!(error instanceof ContainerNotFoundError)) throw error;
      }
    }
    const deadline = Date.now() + (Math.max(graceSeconds, SWARM_STOP_GRACE_SECONDS) + STOP_SLACK_SECONDS) * 1000;
    while (Date.now() < deadline) {
      const state = taskState(await this.newestTask(id));
      if (state !== 'running' && state !== 'restarting') return;
      await sleep(TASK_POLL_MS);
    }
  }

  async removeContainer(id: string): Promise<void> {
    try {
      await this.service(id).remove();
    } catch (error) {
      throw this.serviceError(error, id, 'remove');
    }
  }

  async inspectContainer(id: string): Promise<ContainerDetails> {
    let service: Docker.Service;
    try {
      service = (await this.service(id).inspect()) as Docker.Service;
    } catch (error) {
      throw this.serviceError(error, id, 'inspect');
    }
    const [tasks, nodeNames] = await Promise.all([this.tasksOf([service.ID]), this.nodeNames()]);
    return detailsFromService(service, tasks.get(service.ID), nodeNames);
  }

  async listContainers(filter: ListFilter): Promise<ContainerSummary[]> {
    let services: Docker.Service[];
    try {
      services = await this.docker.listServices({ filters: { label: labelFilter(filter.labels) } });
    } catch (error) {
      throw this.mapError(error, 'list services');
    }
    if (services.length === 0) return [];
    const [tasks, nodeNames] = await Promise.all([this.tasksOf(services.map((s) => s.ID)), this.nodeNames()]);
    return services.map((service) => summaryFromService(service, tasks.get(service.ID), nodeNames));
  }

  /**
   * Service logs, gathered by the manager from whichever node ran the task. Swarm keeps a
   * following stream open after the task ended; it is closed here once the task has ended and
   * no line came for a moment, so `follow` ends when the workload does, as with containers.
   */
  async *logs(id: string, options: LogOptions = {}): AsyncGenerator<LogChunk> {
    if (options.signal?.aborted) return;
    assertEngineRef(id);
    const ended = new AbortController();
    const stopFollowing = () => ended.abort();
    options.signal?.addEventListener('abort', stopFollowing, { once: true });
    let lastChunkAt = Date.now();
    try {
      const stream = await openEngineStream(this.docker, `/services/${encodeURIComponent(id)}/logs?`, logQuery(options), ended.signal, {
        404: 'no such service',
        503: 'not a swarm manager',
      }).catch((error: unknown) => {
        throw this.serviceError(error, id, 'read the logs of');
      });
      if (options.follow === true) void this.abortWhenTaskEnds(id, ended, () => lastChunkAt);
      const chunks = demuxLogStream(stream, { limitBytes: options.limitBytes, signal: ended.signal }, (error) =>
        this.mapError(error, `read the logs of service ${id}`),
      );
      for await (const chunk of chunks) {
        lastChunkAt = Date.now();
        yield chunk;
      }
    } finally {
      options.signal?.removeEventListener('abort', stopFollowing);
      ended.abort();
    }
  }

  private async abortWhenTaskEnds(id: string, ended: AbortController, lastChunkAt: () => number): Promise<void> {
    try {
      while (!ended.signal.aborted) {
        await sleep(TASK_POLL_MS, undefined, { signal: ended.signal });
        const state = taskState(await this.newestTask(id));
        if (state === 'exited' || state === 'dead') break;
      }
      while (!ended.signal.aborted && Date.now() - lastChunkAt() < LOG_DRAIN_MS) {
        await sleep(TASK_POLL_MS, undefined, { signal: ended.signal });
      }
    } catch {
      // Aborted, or the service went away (evicted): either way the stream is over.
    }
    ended.abort();
  }

  /**
   * The engine's events for task containers on this node, as events of their services. Tasks
   * on other nodes send none here; the orchestrator's pod list still sees them when it reads.
   */
  async *events(options: EventOptions = {}): AsyncGenerator<ContainerEvent> {
    const labels = { ...options.labels, [SWARM_SERVICE_ID_LABEL]: true as const };
    for await (const event of containerEvents(this.docker, this.endpoint.address, { ...options, labels })) {
      const serviceEvent = serviceEventFromTask(event);
      if (serviceEvent !== undefined) yield serviceEvent;
    }
  }

  /**
   * A reference the worker does not pull: Swarm tries to pull every tag before it starts a
   * task and only then falls back to a local image, which without a registry costs a failed
   * pull each time. A registry digest (name@sha256:…) is pulled only where it is missing; an
   * image that never came from a registry is referred to by its ID, which must then exist on
   * every node that may run it (docker save | docker load).
   */
  private async resolveImage(reference: string): Promise<string> {
    let image: { Id: string; RepoDigests?: string[] };
    try {
      image = (await this.docker.getImage(reference).inspect()) as { Id: string; RepoDigests?: string[] };
    } catch (error) {
      if (statusOf(error) === 404) throw new ImageNotFoundError(reference, { cause: error });
      throw this.mapError(error, `inspect the image '${reference}'`, reference);
    }
    const repository = reference.replace(/(@.*|:[^/:]*)$/, '');
    const digest = image.RepoDigests?.find((d) => d.startsWith(`${repository}@`)) ?? image.RepoDigests?.[0];
    return digest ?? image.Id;
  }

  private async scale(id: string, replicas: number): Promise<void> {
    const service = this.service(id);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const current = (await service.inspect()) as Docker.Service;
        const body = withReplicas(current.Spec ?? {}, replicas);
        // Query and body kept apart: dockerode would otherwise put the whole spec into the URL too.
        await service.update({ _query: { version: current.Version?.Index }, _body: body } as unknown as Docker.ServiceSpec);
        return;
      } catch (error) {
        // Someone else updated it between our read and our write: read again.
        if (attempt < UPDATE_ATTEMPTS && /out of sequence/i.test(error instanceof Error ? error.message : '')) continue;
        throw this.serviceError(error, id, replicas === 0 ? 'stop' : 'start');
      }
    }
  }

  /** The newest task of each service (by id or name). */
  private async tasksOf(services: readonly string[]): Promise<Map<string, SwarmTask>> {
    try {
      return newestTasks((await this.docker.listTasks({ filters: { service: [...services] } })) as SwarmTask[]);
    } catch (error) {
      throw this.mapError(error, 'list tasks');
    }
  }

  private async newestTask(id: string): Promise<SwarmTask | undefined> {
    let serviceId: string;
    try {
      serviceId = ((await this.service(id).inspect()) as Docker.Service).ID;
    } catch (error) {
      throw this.serviceError(error, id, 'inspect');
    }
    return (await this.tasksOf([serviceId])).get(serviceId);
  }

  private async nodes(): Promise<SwarmNode[]> {
    try {
      return (await this.docker.listNodes()) as SwarmNode[];
    } catch (error) {
      throw this.mapError(error, 'list the swarm nodes');
    }
  }

  private async nodeNames(): Promise<Map<string, string>> {
    return new Map((await this.nodes()).map((node) => [node.ID, node.Description?.Hostname ?? node.ID]));
  }

  private service(id: string): Docker.Service {
    assertEngineRef(id);
    return this.docker.getService(id);
  }

  private serviceError(error: unknown, id: string, verb: string): Error {
    if (statusOf(error) === 404) return new ContainerNotFoundError(id, { cause: error });
    return this.mapError(error, `${verb} service ${id}`);
  }

  private mapError(error: unknown, operation: string, image?: string): Error {
    // The engine's 503 for every Swarm call on a node that is not a manager.
    if (statusOf(error) === 503 && /not a swarm manager|not part of a swarm/i.test(error instanceof Error ? error.message : '')) {
      return new NotSwarmManagerError(this.endpoint.address, 'the engine refused a Swarm request', { cause: error });
    }
    return mapDockerError(error, { endpoint: this.endpoint.address, operation, image });
  }
}
