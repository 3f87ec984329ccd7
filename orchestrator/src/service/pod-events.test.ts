import { describe, expect, it } from 'vitest';
import { EventBus } from './event-bus';
import { podEventFrom } from './pod-events';

describe('podEventFrom', () => {
  it('turns an engine die event of one of our containers into a pod event', () => {
    const event = podEventFrom({
      action: 'die',
      id: 'c0ffee',
      name: 'job-1a2b3c4d',
      image: 'img',
      labels: { 'vaultplane.workload': 'job', 'vaultplane.namespace': 'ci', 'vaultplane.task': '' },
      exitCode: 3,
      time: '2030-01-01T00:00:00.000Z',
    });
    expect(event).toEqual({
      type: 'pod',
      action: 'die',
      podId: 'job-1a2b3c4d',
      name: 'job',
      namespace: 'ci',
      task: null,
      exitCode: 3,
      owner: null,
      time: '2030-01-01T00:00:00.000Z',
    });
  });

  it('carries the owner label, so a server can tell its own pods from another server\'s on the same engine', () => {
    const labels = { 'vaultplane.workload': 'job', 'vaultplane.owner': 'a1b2c3' };
    expect(podEventFrom({ action: 'die', id: 'c', name: 'job-1', image: 'i', labels, exitCode: 0, time: '' })).toMatchObject({ owner: 'a1b2c3' });
  });

  it('ignores containers that are not ours', () => {
    expect(podEventFrom({ action: 'start', id: 'x', name: 'x', image: 'i', labels: {}, exitCode: undefined, time: '' })).toBeUndefined();
  });
});

describe('EventBus', () => {
  it('delivers to every listener until it unsubscribes, and drops a listener that throws', () => {
    const bus = new EventBus<number>();
    const seen: number[] = [];
    const stop = bus.subscribe((n) => seen.push(n));
    bus.subscribe(() => {
      throw new Error('broken listener');
    });
    bus.publish(1);
    stop();
    bus.publish(2);
    expect(seen).toEqual([1]);
    expect(bus.size).toBe(0);
  });
});
