import { describe, expect, it } from 'vitest';
import { webhookPayload } from './webhook-payload';

const time = '2026-01-01T00:00:00.000Z';
const pod = { podId: 'vp-x', name: 'x', namespace: 'default', task: '001-example/T001', owner: null, time };

describe('webhook payload', () => {
  it('names pod lifecycle and task events the way a flow filters on them', () => {
    expect(webhookPayload({ type: 'pod', action: 'die', exitCode: 0, ...pod }, 'id-1')).toEqual({
      id: 'id-1',
      type: 'pod.die',
      occurredAt: time,
      event: { type: 'pod', action: 'die', exitCode: 0, ...pod },
    });
    expect(webhookPayload({ type: 'scheduled', ...pod }, 'id-2')?.type).toBe('pod.scheduled');
    expect(webhookPayload({ type: 'expired', ...pod }, 'id-3')?.type).toBe('pod.expired');
    expect(webhookPayload({ type: 'task', feature: '001-example', taskId: 'T001', done: true, line: 7, time }, 'id-4')?.type).toBe('task.updated');
  });

  it('sends no engine or policy events', () => {
    expect(webhookPayload({ type: 'engine', state: 'unavailable', time }, 'id')).toBeUndefined();
    expect(webhookPayload({ type: 'policy', state: 'changed', time }, 'id')).toBeUndefined();
  });
});
