import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { detailsFromInspect, exitCodeFromStatus, summaryFromList, toState } from './docker-container-state';

describe('summaryFromList', () => {
  it('drops the leading slash from the name and turns the creation time into ISO', () => {
    const info = { Id: 'abc', Names: ['/job-1'], Image: 'img', State: 'running', Status: 'Up 3 seconds', Labels: { a: 'b' }, Created: 1_700_000_000 };
    expect(summaryFromList(info as unknown as Docker.ContainerInfo)).toEqual({
      id: 'abc',
      name: 'job-1',
      image: 'img',
      state: 'running',
      labels: { a: 'b' },
      createdAt: '2023-11-14T22:13:20.000Z',
      exitCode: undefined,
    });
  });

  it('reads the exit code of a stopped container from its status text', () => {
    expect(exitCodeFromStatus('Exited (137) 5 seconds ago')).toBe(137);
    expect(exitCodeFromStatus('Exited (0) About a minute ago')).toBe(0);
    expect(exitCodeFromStatus('Up 2 minutes')).toBeUndefined();
    expect(exitCodeFromStatus('Created')).toBeUndefined();
  });
});

describe('detailsFromInspect', () => {
  const inspect = (state: Record<string, unknown>, hostConfig: Record<string, unknown> = {}) =>
    detailsFromInspect({
      Id: 'abc',
      Name: '/job-1',
      Created: '2023-11-14T22:13:20.5Z',
      Config: { Image: 'img', Labels: null },
      State: state,
      HostConfig: hostConfig,
    } as unknown as Docker.ContainerInspectInfo);

  it('gives the creation time in whole seconds, as the list answer does, so both read the same', () => {
    const details = inspect({ Status: 'running', StartedAt: '2023-11-14T22:13:21Z', FinishedAt: '0001-01-01T00:00:00Z' });
    expect(details.createdAt).toBe(summaryFromList({ Id: 'abc', Names: ['/job-1'], Image: 'img', State: 'running', Status: 'Up', Labels: {}, Created: 1_700_000_000 } as unknown as Docker.ContainerInfo).createdAt);
    expect(details.createdAt).toBe('2023-11-14T22:13:20.000Z');
  });

  it('treats the zero time as "not yet" and has no exit code while running', () => {
    const details = inspect(
      { Status: 'running', ExitCode: 0, StartedAt: '2023-11-14T22:13:21Z', FinishedAt: '0001-01-01T00:00:00Z', Error: '', OOMKilled: false },
      { NanoCpus: 500_000_000, Memory: 67_108_864 },
    );
    expect(details).toMatchObject({
      state: 'running',
      exitCode: undefined,
      startedAt: '2023-11-14T22:13:21.000Z',
      finishedAt: undefined,
      error: undefined,
      cpu: 0.5,
      memoryBytes: 67_108_864,
      labels: {},
    });
  });

  it('reports the exit code, the engine error and OOM kills of a finished container', () => {
    const details = inspect({
      Status: 'exited',
      ExitCode: 137,
      StartedAt: '2023-11-14T22:13:21Z',
      FinishedAt: '2023-11-14T22:13:22Z',
      Error: '',
      OOMKilled: true,
    });
    expect(details).toMatchObject({ exitCode: 137, oomKilled: true, finishedAt: '2023-11-14T22:13:22.000Z', cpu: undefined });
  });
});

describe('toState', () => {
  it('maps states it does not know to unknown', () => {
    expect(toState('exited')).toBe('exited');
    expect(toState('zombie')).toBe('unknown');
  });
});
