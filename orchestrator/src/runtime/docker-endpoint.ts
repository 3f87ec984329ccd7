import { InvalidDockerHostError } from '../errors';

// Where the Docker engine is, decided from DOCKER_HOST the way the docker CLI reads it.
// Pure: reading TLS files and connecting is the adapter's job.

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export type DockerEndpoint =
  | { kind: 'unix'; socketPath: string; address: string }
  | { kind: 'tcp'; host: string; port: number; tls: boolean; certPath: string | undefined; address: string };

export interface DockerEnv {
  DOCKER_HOST?: string | undefined;
  DOCKER_TLS_VERIFY?: string | undefined;
  DOCKER_CERT_PATH?: string | undefined;
}

const unixEndpoint = (socketPath: string): DockerEndpoint => ({
  kind: 'unix',
  socketPath,
  address: `unix://${socketPath}`,
});

export function resolveDockerEndpoint(env: DockerEnv): DockerEndpoint {
  const value = env.DOCKER_HOST?.trim() ?? '';
  if (value === '') return unixEndpoint(DEFAULT_DOCKER_SOCKET);

  if (value.startsWith('unix://')) {
    const socketPath = value.slice('unix://'.length);
    if (socketPath !== '' && !socketPath.startsWith('/')) {
      throw new InvalidDockerHostError(value, 'the socket path must be absolute (unix:///path/to/docker.sock)');
    }
    return unixEndpoint(socketPath || DEFAULT_DOCKER_SOCKET);
  }

  // The docker CLI accepts a bare host:port as tcp.
  const withScheme = value.includes('://') ? value : `tcp://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch (cause) {
    throw new InvalidDockerHostError(value, 'it is not an address', { cause });
  }

  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'tcp' && scheme !== 'http' && scheme !== 'https') {
    throw new InvalidDockerHostError(value, `the '${scheme}://' scheme is not supported`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new InvalidDockerHostError(value, 'the host name is missing');

  const verify = (env.DOCKER_TLS_VERIFY ?? '') !== '';
  const tls = scheme === 'https' || verify || url.port === '2376';
  const port = url.port === '' ? (tls ? 2376 : 2375) : Number(url.port);
  const certPath = env.DOCKER_CERT_PATH?.trim() || undefined;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    kind: 'tcp',
    host,
    port,
    tls,
    certPath,
    address: `tcp://${shownHost}:${port}${tls ? ' (TLS)' : ''}`,
  };
}
