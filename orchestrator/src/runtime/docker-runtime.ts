import Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { InvalidDockerHostError } from '../errors';
import type { ContainerRuntime, EngineStatus, RunResult, RunSpec } from './container-runtime';
import { resolveDockerEndpoint, type DockerEndpoint, type DockerEnv } from './docker-endpoint';
import { mapDockerError } from './docker-error-mapping';
import { FrameDemuxer } from './frame-demuxer';
import { assertValidRunSpec, toEnvList } from './run-spec';

// The only file that imports dockerode. Everything it returns or throws is our own type.

export interface DockerRuntimeOptions {
  /** A DOCKER_HOST-style address; default: env.DOCKER_HOST, else unix:///var/run/docker.sock. */
  dockerHost?: string;
  /** Where DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH are read; default process.env. */
  env?: DockerEnv;
  /** How long ping() waits for an answer before calling the engine unreachable. */
  pingTimeoutMs?: number;
}

const DEFAULT_PING_TIMEOUT_MS = 3_000;

// @types/dockerode omits the abortSignal that dockerode's version() accepts.
type VersionWithSignal = (options: { abortSignal: AbortSignal }) => Promise<Docker.DockerVersion>;

export class DockerRuntime implements ContainerRuntime {
  readonly endpoint: DockerEndpoint;
  private readonly docker: Docker;
  private readonly pingTimeoutMs: number;

  constructor(options: DockerRuntimeOptions = {}) {
    const env = options.env ?? process.env;
    this.endpoint = resolveDockerEndpoint({ ...env, DOCKER_HOST: options.dockerHost ?? env.DOCKER_HOST });
    this.pingTimeoutMs = options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
    try {
      this.docker = new Docker(clientOptions(this.endpoint));
    } catch (cause) {
      // docker-modem also reads the environment itself and throws on what it cannot parse.
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new InvalidDockerHostError(options.dockerHost ?? env.DOCKER_HOST ?? '', reason, { cause });
    }
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

function clientOptions(endpoint: DockerEndpoint): Docker.DockerOptions {
  if (endpoint.kind === 'unix') {
    // Explicit undefineds: docker-modem merges its own DOCKER_HOST defaults under these.
    return { socketPath: endpoint.socketPath, host: undefined, port: undefined, protocol: undefined };
  }
  const certs =
    endpoint.tls && endpoint.certPath !== undefined
      ? {
          ca: readFileSync(join(endpoint.certPath, 'ca.pem')),
          cert: readFileSync(join(endpoint.certPath, 'cert.pem')),
          key: readFileSync(join(endpoint.certPath, 'key.pem')),
        }
      : {};
  return {
    host: endpoint.host,
    port: endpoint.port,
    protocol: endpoint.tls ? 'https' : 'http',
    socketPath: undefined,
    ...certs,
  };
}
