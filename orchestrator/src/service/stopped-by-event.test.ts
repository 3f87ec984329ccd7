import { describe, expect, it } from 'vitest';
import type { ContainerEvent, ContainerSummary } from '../runtime/container-runtime';
import { StoppedByEvent } from './stopped-by-event';

const event = (action: ContainerEvent['action'], id = 'c1'): ContainerEvent => ({
  action,
  id,
  name: 'vp-x',
  image: 'busybox',
  labels: {},
  exitCode: action === 'die' ? 0 : undefined,
  time: '2026-01-01T00:00:00.000Z',
});
const listed = (state: ContainerSummary['state'], id = 'c1'): ContainerSummary => ({
  id,
  name: 'vp-x',
  image: 'busybox',
  state,
  labels: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  exitCode: undefined,
});

describe('StoppedByEvent', () => {
  it('distrusts a list that still says running after a die event, until the list agrees', () => {
    const marks = new StoppedByEvent();
    expect(marks.contradicts(listed('running'))).toBe(false);
    marks.note(event('die'));
    expect(marks.contradicts(listed('running'))).toBe(true);
    expect(marks.contradicts(listed('running', 'other'))).toBe(false);
    expect(marks.contradicts(listed('exited'))).toBe(false);
    expect(marks.size).toBe(0);
  });

  it('trusts the list again once the container starts again or is gone', () => {
    const marks = new StoppedByEvent();
    marks.note(event('oom'));
    marks.note(event('start'));
    expect(marks.contradicts(listed('running'))).toBe(false);
    marks.note(event('stop'));
    marks.note(event('destroy'));
    expect(marks.size).toBe(0);
  });

  it('keeps the mark while inspect still says running, drops it once inspect says stopped', () => {
    const marks = new StoppedByEvent();
    marks.note(event('die'));
    marks.settled(listed('running'));
    expect(marks.contradicts(listed('running'))).toBe(true);
    marks.settled(listed('exited'));
    expect(marks.size).toBe(0);
  });
});
