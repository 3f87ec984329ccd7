import Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ContainerNotFoundError, InvalidDockerHostError } from '../errors';
import type { LogChunk, LogOptions } from './container-runtime';
import { resolveDockerEndpoint, type DockerEndpoint, type DockerEnv } from './docker-endpoint';
import { toEngineTimestamp } from './docker-engine-event';
import { FrameDemuxer } from './frame-demuxer';

// What the Docker adapters (plain containers, Swarm services) share: the dockerode client for
// an endpoint, and the streamed reads (logs, events) dockerode would otherwise buffer whole.

export interface DockerClientOptions {
  /** A DOCKER_HOST-style address; default: env.DOCKER_HOST, else unix:///var/run/docker.sock. */
  dockerHost?: string;
  /** Where DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH are read; default process.env. */
  env?: DockerEnv;
}

export interface DockerClient {
  docker: Docker;
  endpoint: DockerEndpoint;
}

// dockerode puts ids into URL paths unencoded; a '/' would reach another endpoint.
const ENGINE_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** @throws ContainerNotFoundError for an id or name no container or service can have. */
export function assertEngineRef(id: string): void {
  if (!ENGINE_REF.test(id)) throw new ContainerNotFoundError(id);
}

/** @throws InvalidDockerHostError when DOCKER_HOST cannot be used. */
export function connectDocker(options: DockerClientOptions): DockerClient {
  const env = options.env ?? process.env;
  const endpoint = resolveDockerEndpoint({ ...env, DOCKER_HOST: options.dockerHost ?? env.DOCKER_HOST });
  try {
    return { docker: new Docker(clientOptions(endpoint)), endpoint };
  } catch (cause) {
    // docker-modem also reads the environment itself and throws on what it cannot parse.
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new InvalidDockerHostError(options.dockerHost ?? env.DOCKER_HOST ?? '', reason, { cause });
  }
}

// docker-modem's dial: dockerode buffers non-follow logs whole, which a flooding container
// turns into gigabytes; dialling ourselves streams every read.
interface StreamDial {
  dial(
    options: { path: string; method: 'GET'; options: Record<string, unknown>; isStream: true; abortSignal?: AbortSignal; statusCodes: Record<number, true | string> },
    callback: (error: unknown, stream: Readable) => void,
  ): void;
}

/** A GET whose body is read as it arrives. `path` ends with '?' (docker-modem appends the query). */
export function openEngineStream(
  docker: Docker,
  path: string,
  query: Record<string, unknown>,
  signal: AbortSignal | undefined,
  statusCodes: Record<number, string>,
): Promise<Readable> {
  const modem = docker.modem as unknown as StreamDial;
  return new Promise((resolve, reject) => {
    modem.dial(
      {
        path,
        method: 'GET',
        options: query,
        isStream: true,
        ...(signal === undefined ? {} : { abortSignal: signal }),
        statusCodes: { 200: true, 500: 'server error', ...statusCodes },
      },
      (error, stream) => (error ? reject(error) : resolve(stream)),
    );
  });
}

/** The query of GET /containers/{id}/logs and GET /services/{id}/logs (same parameters). */
export function logQuery(options: LogOptions): Record<string, unknown> {
  const query: Record<string, unknown> = {
    follow: options.follow === true,
    stdout: options.stdout ?? true,
    stderr: options.stderr ?? true,
  };
  if (options.tail !== undefined) query.tail = options.tail;
  if (options.since !== undefined) query.since = toEngineTimestamp(options.since);
  return query;
}

/**
 * The chunks of a multiplexed (non-TTY) log stream, cut at `limitBytes`. Destroys the stream
 * when done; an abort ends quietly; other read errors go through `mapError`.
 */
export async function* demuxLogStream(
  stream: Readable,
  options: { limitBytes?: number | undefined; signal?: AbortSignal | undefined },
  mapError: (error: unknown) => Error,
): AsyncGenerator<LogChunk> {
  const demuxer = new FrameDemuxer();
  let remaining = options.limitBytes ?? Number.POSITIVE_INFINITY;
  try {
    for await (const chunk of stream) {
      for (const frame of demuxer.push(chunk as Buffer)) {
        if (frame.data.length === 0) continue;
        const data = frame.data.length > remaining ? frame.data.subarray(0, remaining) : frame.data;
        remaining -= data.length;
        yield { stream: frame.stream, data };
        if (remaining <= 0) return;
      }
    }
    demuxer.end();
  } catch (error) {
    if (options.signal?.aborted) return;
    throw mapError(error);
  } finally {
    stream.destroy();
  }
}

export const statusOf = (error: unknown): number | undefined => {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
};

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
