import { describe, expect, it } from 'vitest';
import type { Health, ServerHealth } from '../api/api-types';
import { healthRows, statusSummary } from './health-summary';

const engine = { reachable: true as const, endpoint: 'unix:///var/run/docker.sock', version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64' };
const node: Health = {
  status: 'ok',
  node: 'box',
  engine,
  capacity: {
    node: 'box',
    total: { cpu: 2, memoryMb: 24576, gpus: 0 },
    reserved: { cpu: 0.5, memoryMb: 128, gpus: 0 },
    available: { cpu: 1.5, memoryMb: 24448, gpus: 0 },
    pods: 1,
    gpuDevices: [],
    disk: { path: '/data', freeBytes: 10 * 2 ** 30, totalBytes: 40 * 2 ** 30 },
  },
  pods: 3,
  namespaces: ['default'],
};
const healthy: ServerHealth = { status: 'ok', version: '0.1.0', node };

describe('statusSummary', () => {
  it('shows pods and free capacity when all is well', () => {
    expect(statusSummary(healthy)).toEqual({ level: 'ok', text: 'vaultplane: 3 pods · 1.5/2 CPU, 23.9 GiB/24 GiB free', tooltip: 'vaultplane 0.1.0 on box; Docker 20.10.24' });
  });

  it('is red when the server does not answer and amber without Docker', () => {
    expect(statusSummary({ unreachable: 'ECONNREFUSED' })).toMatchObject({ level: 'down', text: 'vaultplane: unreachable', tooltip: 'ECONNREFUSED' });
    const noEngine: ServerHealth = { ...healthy, node: { ...node, status: 'degraded', capacity: null, engine: { reachable: false, endpoint: 'x', reason: 'start dockerd' } } };
    expect(statusSummary(noEngine)).toMatchObject({ level: 'warn', text: 'vaultplane: no Docker', tooltip: 'Workloads cannot run: start dockerd' });
  });
});

describe('healthRows', () => {
  it('lists engine, capacity, disk and pods', () => {
    expect(Object.fromEntries(healthRows(healthy))).toMatchObject({
      Server: 'vaultplane 0.1.0 (ok)',
      'Docker engine': '20.10.24 at unix:///var/run/docker.sock',
      CPU: '1.5 of 2 cores free (0.5 reserved)',
      Memory: '23.9 GiB of 24 GiB free (128 MiB reserved)',
      Disk: '10 GiB of 40 GiB free at /data',
      Pods: '3',
    });
  });
});
