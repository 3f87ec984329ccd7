import { describe, expect, it } from 'vitest';
import { InvalidDockerHostError } from '../errors';
import { resolveDockerEndpoint } from './docker-endpoint';

describe('resolveDockerEndpoint', () => {
  it('uses /var/run/docker.sock when DOCKER_HOST is unset or empty', () => {
    for (const DOCKER_HOST of [undefined, '', '  ', 'unix://']) {
      expect(resolveDockerEndpoint({ DOCKER_HOST })).toEqual({
        kind: 'unix',
        socketPath: '/var/run/docker.sock',
        address: 'unix:///var/run/docker.sock',
      });
    }
  });

  it('honours a unix socket path', () => {
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toMatchObject({
      kind: 'unix',
      socketPath: '/run/user/1000/docker.sock',
    });
  });

  it('reads tcp addresses, with or without a scheme, as plain HTTP on 2375 by default', () => {
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'tcp://build-box:2375' })).toEqual({
      kind: 'tcp',
      host: 'build-box',
      port: 2375,
      tls: false,
      certPath: undefined,
      address: 'tcp://build-box:2375',
    });
    expect(resolveDockerEndpoint({ DOCKER_HOST: '10.0.0.5:4243' })).toMatchObject({ host: '10.0.0.5', port: 4243, tls: false });
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'tcp://build-box' })).toMatchObject({ port: 2375 });
  });

  it('switches to TLS when DOCKER_TLS_VERIFY is set, the port is 2376 or the scheme is https', () => {
    expect(
      resolveDockerEndpoint({ DOCKER_HOST: 'tcp://box', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }),
    ).toMatchObject({ tls: true, port: 2376, certPath: '/certs', address: 'tcp://box:2376 (TLS)' });
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'tcp://box:2376' })).toMatchObject({ tls: true });
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'https://box:9000' })).toMatchObject({ tls: true, port: 9000 });
  });

  it('accepts IPv6 hosts and shows them in brackets', () => {
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'tcp://[::1]:2375' })).toMatchObject({
      host: '::1',
      address: 'tcp://[::1]:2375',
    });
  });

  it('rejects what it cannot connect to with a message naming the accepted forms', () => {
    for (const DOCKER_HOST of ['ssh://me@box', 'npipe:////./pipe/docker_engine', 'unix://relative.sock', 'tcp://box:99999']) {
      const attempt = () => resolveDockerEndpoint({ DOCKER_HOST });
      expect(attempt).toThrow(InvalidDockerHostError);
      expect(attempt).toThrow(/unix:\/\/\/path\/to\/docker\.sock or tcp:\/\/host:port/);
    }
  });
});
