import { describe, expect, it } from 'vitest';
import { parseEngineEvent, toEngineTimestamp } from './docker-engine-event';

// A `die` event as Docker 20.10 writes it on /events.
const die = {
  status: 'die',
  id: 'c0ffee',
  from: 'vaultplane/busybox:test',
  Type: 'container',
  Action: 'die',
  Actor: {
    ID: 'c0ffee',
    Attributes: { exitCode: '3', image: 'vaultplane/busybox:test', name: 'job-1', 'vaultplane.workload': 'job', 'vaultplane.namespace': 'ci' },
  },
  scope: 'local',
  time: 1_700_000_000,
  timeNano: 1_700_000_000_123_456_789,
};

describe('parseEngineEvent', () => {
  it('reads action, id, name, image, exit code, labels and time from a die event', () => {
    expect(parseEngineEvent(die)).toEqual({
      action: 'die',
      id: 'c0ffee',
      name: 'job-1',
      image: 'vaultplane/busybox:test',
      labels: { 'vaultplane.workload': 'job', 'vaultplane.namespace': 'ci' },
      exitCode: 3,
      time: '2023-11-14T22:13:20.123Z',
    });
  });

  it('drops events that do not change a lifecycle and events of other object types', () => {
    expect(parseEngineEvent({ ...die, Action: 'exec_create: sh -c ls', status: 'exec_create: sh -c ls' })).toBeUndefined();
    expect(parseEngineEvent({ ...die, Action: 'health_status: healthy' })).toBeUndefined();
    expect(parseEngineEvent({ ...die, Type: 'network', Action: 'connect' })).toBeUndefined();
    expect(parseEngineEvent('not an object')).toBeUndefined();
  });

  it('has no exit code on events other than die', () => {
    const start = { ...die, Action: 'start', Actor: { ID: 'c0ffee', Attributes: { name: 'job-1' } } };
    expect(parseEngineEvent(start)).toMatchObject({ action: 'start', exitCode: undefined, labels: {} });
  });
});

describe('toEngineTimestamp', () => {
  it('writes seconds with milliseconds as the fraction Docker reads', () => {
    expect(toEngineTimestamp(new Date('2023-11-14T22:13:20.123Z'))).toBe('1700000000.123');
  });
});
