import { describe, expect, it } from 'vitest';
import type { ContainerEvent } from './container-runtime';
import { isSwarmTask, serviceEventFromTask } from './swarm-engine-event';

const event = (labels: Record<string, string>): ContainerEvent => ({
  action: 'die',
  id: 'c0ffee',
  name: 'job-1.1.nyz66npkunbz',
  image: 'sha256:24e5',
  labels,
  exitCode: 0,
  time: '2026-11-25T01:29:04.250Z',
});

describe('serviceEventFromTask', () => {
  it('names the service, not the task container, and drops the swarm bookkeeping labels', () => {
    const mapped = serviceEventFromTask(
      event({ 'com.docker.swarm.service.id': 'z8n5', 'com.docker.swarm.service.name': 'job-1', 'com.docker.swarm.task.id': 't1', 'vaultplane.workload': 'job' }),
    );
    expect(mapped).toMatchObject({ action: 'die', id: 'z8n5', name: 'job-1', exitCode: 0, labels: { 'vaultplane.workload': 'job' } });
  });

  it('ignores plain containers', () => {
    expect(serviceEventFromTask(event({ 'vaultplane.workload': 'job' }))).toBeUndefined();
    expect(isSwarmTask({ 'vaultplane.workload': 'job' })).toBe(false);
    expect(isSwarmTask({ 'com.docker.swarm.service.id': 'z8n5' })).toBe(true);
  });
});
