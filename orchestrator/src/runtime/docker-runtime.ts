import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ContainerNameConflictError, ContainerNotFoundError } from '../errors';
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
import { detailsFromInspect, summaryFromList } from './docker-container-state';
import { assertEngineRef, connectDocker, demuxLogStream, logQuery, openEngineStream, statusOf, type DockerClient, type DockerClientOptions } from './docker-client';
import { labelFilter, toCreateOptions } from './docker-create-options';
import type { DockerEndpoint } from './docker-endpoint';
import { EnsuredNetworks } from './docker-networks';
import { mapDockerError } from './docker-error-mapping';
import { containerEvents } from './docker-event-stream';
import { isSwarmTask } from './swarm-engine-event';
import { FrameDemuxer } from './frame-demuxer';
import { assertValidContainerSpec, assertValidRunSpec, toEnvList } from './run-spec';

// Containers on one Docker engine. Everything it returns or throws is our own type.

export interface DockerRuntimeOptions extends DockerClientOptions {
  /** How long ping() waits for an answer before calling the engine unreachable. */
  pingTimeoutMs?: number;
  /** A client already connected (the Swarm adapter shares its own); dockerHost and env are then not read. */
  client?: DockerClient;
}

const DEFAULT_PING_TIMEOUT_MS = 3_000;

// @types/dockerode omits the abortSignal that dockerode's version() accepts.
type VersionWithSignal = (options: { abortSignal: AbortSignal }) => Promise<Docker.DockerVersion>;

export class DockerRuntime implements ContainerRuntime {
  readonly endpoint: DockerEndpoint;
  private readonly docker: Docker;
  private readonly pingTimeoutMs: number;
  private readonly networks: EnsuredNetworks;

  constructor(options: DockerRuntimeOptions = {}) {
    ({ docker: this.docker, endpoint: this.endpoint } = options.client ?? connectDocker(options));
    this.pingTimeoutMs = options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
    this.networks = new EnsuredNetworks(this.docker, this.endpoint.address, { Driver: 'bridge' });
  }

  async ping(): Promise<EngineStatus> {
    const endpoint = this.endpoint.address;
    try {
      const version = await (this.docker.version as unknown as VersionWithSignal).call(this.docker, {
        abortSignal: AbortSignal.timeout(this.pingTimeoutMs),
      });
      return {
        reachable: true,
        endpoint,
        version: version.Version,
        apiVersion: version.ApiVersion,
        os: version.Os,
        arch: version.Arch,
      };
    } catch (error) {
      const mapped = mapDockerError(error, { endpoint, operation: 'report its version' });
      return { reachable: false, endpoint, reason: mapped.message };
    }
  }

  async info(): Promise<EngineInfo> {
    try {
      const info = (await this.docker.info()) as { NCPU: number; MemTotal: number; Name: string; ServerVersion: string };
      return { cpus: info.NCPU, memoryBytes: info.MemTotal, name: info.Name, serverVersion: info.ServerVersion };
    } catch (error) {
      throw mapDockerError(error, { endpoint: this.endpoint.address, operation: 'report its resources' });
    }
  }

  async createContainer(spec: ContainerSpec): Promise<{ id: string }> {
    assertValidContainerSpec(spec);
    const usesNetwork = spec.network !== undefined && spec.hostNetwork !== true;
    if (usesNetwork) await this.networks.ensure(spec.network!);
    try {
      return { id: (await this.docker.createContainer(toCreateOptions(spec))).id };
    } catch (error) {
      const detail = error instanceof Error ? error.message : '';
      if (usesNetwork && statusOf(error) === 404 && /network .* not found/i.test(detail)) {
        // Removed behind our back since we last looked: create it again, once.
        this.networks.forget(spec.network!);
        await this.networks.ensure(spec.network!);
        try {
          return { id: (await this.docker.createContainer(toCreateOptions(spec))).id };
        } catch (retryError) {
          throw this.createError(retryError, spec);
        }
      }
      throw this.createError(error, spec);
    }
  }

  private createError(error: unknown, spec: ContainerSpec): Error {
    if (statusOf(error) === 409) return new ContainerNameConflictError(spec.name, { cause: error });
    return mapDockerError(error, { endpoint: this.endpoint.address, image: spec.image, operation: `create a container from '${spec.image}'` });
  }

  async startContainer(id: string): Promise<void> {
    try {
      await this.container(id).start();
    } catch (error) {
      // 304: already running.
      if (statusOf(error) === 304) return;
      throw this.containerError(error, id, 'start');
    }
  }

  async stopContainer(id: string, options: { graceSeconds?: number } = {}): Promise<void> {
    try {
      await this.container(id).stop({ t: options.graceSeconds ?? 10 });
    } catch (error) {
      if (statusOf(error) === 304) return;
      throw this.containerError(error, id, 'stop');
    }
  }

  async removeContainer(id: string): Promise<void> {
    try {
      await this.container(id).remove({ force: true });
    } catch (error) {
      // 409 "removal already in progress": someone else is doing exactly this.
      if (statusOf(error) === 409 && /already in progress/i.test(error instanceof Error ? error.message : '')) return;
      throw this.containerError(error, id, 'remove');
    }
  }

  async inspectContainer(id: string): Promise<ContainerDetails> {
    try {
      return detailsFromInspect(await this.container(id).inspect());
    } catch (error) {
      throw this.containerError(error, id, 'inspect');
    }
  }

  /** Swarm's task containers are left out even when they carry the labels: Swarm owns them. */
  async listContainers(filter: ListFilter): Promise<ContainerSummary[]> {
    try {
      const found = await this.docker.listContainers({ all: true, filters: { label: labelFilter(filter.labels) } });
      return found.map(summaryFromList).filter((container) => !isSwarmTask(container.labels));
    } catch (error) {
      throw mapDockerError(error, { endpoint: this.endpoint.address, operation: 'list containers' });
    }
  }

  async *logs(id: string, options: LogOptions = {}): AsyncGenerator<LogChunk> {
    const signal = options.signal;
    if (signal?.aborted) return;
    assertEngineRef(id);

    const stream = await openEngineStream(this.docker, `/containers/${encodeURIComponent(id)}/logs?`, logQuery(options), signal, {
      404: 'no such container',
    }).catch((error: unknown) => {
      throw this.containerError(error, id, 'read the logs of');
    });
    yield* demuxLogStream(stream, options, (error) =>
      mapDockerError(error, { endpoint: this.endpoint.address, operation: `read the logs of container ${id}` }),
    );
  }

  /** Swarm's task containers are left out here too (see listContainers). */
  async *events(options: EventOptions = {}): AsyncGenerator<ContainerEvent> {
    for await (const event of containerEvents(this.docker, this.endpoint.address, options)) {
      if (!isSwarmTask(event.labels)) yield event;
    }
  }

  private container(id: string): Docker.Container {
    assertEngineRef(id);
    return this.docker.getContainer(id);
  }

  private containerError(error: unknown, id: string, verb: string): Error {
    if (statusOf(error) === 404) return new ContainerNotFoundError(id, { cause: error });
    return mapDockerError(error, { endpoint: this.endpoint.address, operation: `${verb} container ${id}` });
  }

  async runToCompletion(spec: RunSpec): Promise<RunResult> {
    assertValidRunSpec(spec);
    const context = { endpoint: this.endpoint.address, image: spec.image };

    let container: Docker.Container;
    try {
      container = await this.docker.createContainer({
        Image: spec.image,
        Cmd: [...spec.command],
        Env: toEnvList(spec.env),
        Labels: { ...spec.labels },
        ...(spec.name === undefined ? {} : { name: spec.name }),
        Tty: false,
        AttachStdin: false,
        AttachStdout: true,
        AttachStderr: true,
        OpenStdin: false,
      });
    } catch (error) {
      throw mapDockerError(error, { ...context, operation: `create a container from '${spec.image}'` });
    }

    try {
      return await this.runCreated(container, spec);
    } catch (error) {
      // Best effort: the run's own error is the one worth reporting; a container left behind
      // still carries the caller's labels, so a cleanup by label finds it.
      await container.remove({ force: true }).catch(() => undefined);
      throw error;
    }
  }

  private async runCreated(container: Docker.Container, spec: RunSpec): Promise<RunResult> {
    const endpoint = this.endpoint.address;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const demuxer = new FrameDemuxer();

    // Attach before start, or the first lines of a quick container are lost.
    const stream = await container
      .attach({ stream: true, stdout: true, stderr: true })
      .catch((error: unknown) => {
        throw mapDockerError(error, { endpoint, operation: `attach to container ${container.id}` });
      });
    const output = stream as unknown as Readable;
    let demuxError: unknown;
    output.on('data', (chunk: Buffer) => {
      try {
        for (const frame of demuxer.push(chunk)) (frame.stream === 'stdout' ? stdout : stderr).push(frame.data);
      } catch (error) {
        demuxError ??= error;
      }
    });
    const outputDone = finished(output);
    // Handled here so an early failure (start refused) does not surface as an unhandled rejection.
    outputDone.catch(() => undefined);

    let exitCode: number;
    try {
      try {
        await container.start();
      } catch (error) {
        throw mapDockerError(error, { endpoint, operation: `start a container from '${spec.image}'` });
      }
      try {
        const [waited] = await Promise.all([container.wait() as Promise<{ StatusCode: number }>, outputDone]);
        exitCode = waited.StatusCode;
      } catch (error) {
        throw mapDockerError(error, { endpoint, operation: `wait for container ${container.id}` });
      }
    } finally {
      output.destroy();
    }
    try {
      if (demuxError !== undefined) throw demuxError;
      demuxer.end();
    } catch (error) {
      throw mapDockerError(error, { endpoint, operation: `read the output of container ${container.id}` });
    }

    try {
      await container.remove({ force: true });
    } catch (error) {
      throw mapDockerError(error, { endpoint, operation: `remove container ${container.id}` });
    }
    return {
      exitCode,
      stdout: Buffer.concat(stdout).toString('utf8'),
      stderr: Buffer.concat(stderr).toString('utf8'),
    };
  }
}
