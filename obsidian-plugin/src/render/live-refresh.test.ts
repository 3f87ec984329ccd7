import { describe, expect, it } from 'vitest';
import { isPodChange } from './live-refresh';

const time = '2026-11-25T03:00:00.000Z';

describe('which events make a pods table read the pods again', () => {
  it('includes a pod relayed from a peer and a peer coming or going (the cluster view changed)', () => {
    expect(isPodChange({ type: 'pod', action: 'start', podId: 'p', name: 'n', namespace: 'default', task: null, exitCode: null, owner: null, time, node: 'bravo' })).toBe(true);
    expect(isPodChange({ type: 'peer', peer: 'bravo', node: 'bravo', state: 'unavailable', reason: 'refused', time })).toBe(true);
  });

  it('leaves out task and policy changes', () => {
    expect(isPodChange({ type: 'task', feature: 'f', taskId: 'T1', done: true, line: 1, time })).toBe(false);
    expect(isPodChange({ type: 'policy', state: 'changed', time })).toBe(false);
  });
});
