import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { SWARM_IMAGE_LABEL } from './swarm-service-spec';
import { detailsFromService, newestTasks, summaryFromService, taskState, type SwarmTask } from './swarm-task-state';

// Shapes as GET /services and GET /tasks return them (Docker 20.10, recorded from a real swarm).
const service = {
  ID: 'z8n5e9x8hmps',
  CreatedAt: '2026-11-25T01:29:01.330530626Z',
  Spec: {
    Name: 'job-1',
    Labels: { 'vaultplane.workload': 'job', [SWARM_IMAGE_LABEL]: 'vaultplane/busybox:test' },
    TaskTemplate: { ContainerSpec: { Image: 'sha256:24e5' }, Resources: { Limits: { NanoCPUs: 250_000_000, MemoryBytes: 33_554_432 } } },
  },
} as unknown as Docker.Service;
const nodes = new Map([['uqdfa36eksl5', 'vm']]);
const task = (state: string, extra: Partial<NonNullable<SwarmTask['Status']>> = {}, createdAt = '2026-11-25T01:29:01Z'): SwarmTask => ({
  ID: `t-${state}-${createdAt}`,
  ServiceID: 'z8n5e9x8hmps',
  NodeID: 'uqdfa36eksl5',
  CreatedAt: createdAt,
  Status: { Timestamp: '2026-11-25T01:29:04.250158478Z', State: state, ...extra },
});

describe('taskState', () => {
  it('calls every step before running "created", so the pod shows as pending', () => {
    for (const state of ['new', 'pending', 'assigned', 'preparing', 'starting']) expect(taskState(task(state))).toBe('created');
    expect(taskState(undefined)).toBe('created');
  });

  it('tells a task that ran and ended from one that never got a process', () => {
    expect(taskState(task('running'))).toBe('running');
    expect(taskState(task('complete'))).toBe('exited');
    expect(taskState(task('failed', { ContainerStatus: { ExitCode: 3 } }))).toBe('exited');
    expect(taskState(task('failed', { Err: 'starting container failed' }))).toBe('dead');
    expect(taskState(task('rejected'))).toBe('dead');
    expect(taskState(task('shutdown'))).toBe('exited');
  });
});

describe('summaryFromService', () => {
  it('is the service by id and name, with the requested image, our labels only, and the node that runs it', () => {
    expect(summaryFromService(service, task('running'), nodes)).toEqual({
      id: 'z8n5e9x8hmps',
      name: 'job-1',
      image: 'vaultplane/busybox:test',
      state: 'running',
      labels: { 'vaultplane.workload': 'job' },
      createdAt: '2026-11-25T01:29:01.330Z',
      exitCode: undefined,
      node: 'vm',
    });
  });

  it('reports the exit code once the task ended', () => {
    expect(summaryFromService(service, task('complete', { ContainerStatus: { ExitCode: 0 } }), nodes).exitCode).toBe(0);
    expect(summaryFromService(service, task('failed', { ContainerStatus: { ExitCode: 7 }, Err: 'task: non-zero exit (7)' }), nodes)).toMatchObject({
      exitCode: 7,
      reason: 'task: non-zero exit (7)',
    });
  });

  it('says why a task waits for a node, and has no node yet', () => {
    const waiting = { ...task('pending', { Err: 'no suitable node (scheduling constraints not satisfied on 1 node)' }), NodeID: '' };
    const summary = summaryFromService(service, waiting, nodes);
    expect(summary).toMatchObject({ state: 'created', reason: 'no suitable node (scheduling constraints not satisfied on 1 node)' });
    expect(summary.node).toBeUndefined();
  });
});

describe('detailsFromService', () => {
  it('reads the limits back as cores and bytes and dates the end of a finished task', () => {
    expect(detailsFromService(service, task('complete', { ContainerStatus: { ExitCode: 0 } }), nodes)).toMatchObject({
      cpu: 0.25,
      memoryBytes: 33_554_432,
      startedAt: undefined,
      finishedAt: '2026-11-25T01:29:04.250Z',
      error: undefined,
    });
  });
});

describe('newestTasks', () => {
  it('keeps the newest task of each service, the one a restart-less service is judged by', () => {
    const old = task('shutdown', {}, '2026-11-25T01:00:00Z');
    const fresh = task('running', {}, '2026-11-25T01:05:00Z');
    const other = { ...task('complete'), ServiceID: 'other' };
    const newest = newestTasks([fresh, old, other]);
    expect(newest.get('z8n5e9x8hmps')).toBe(fresh);
    expect(newest.get('other')).toBe(other);
  });
});
