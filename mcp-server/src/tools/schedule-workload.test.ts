import { describe, expect, it } from 'vitest';
import { scheduleWorkloadInput } from './schedule-workload';

describe('schedule_workload input', () => {
  it('fills in no spec defaults, so a note\'s cpu, memory and namespace are not overridden', () => {
    // A found bug: with defaults here, { fromNote } arrived as { cpu: 0.5, memoryMb: 256, namespace: 'default', … }
    // and replaced the note's own values, so a note asking for cpu -4 ran, and namespace quotas could be dodged.
    expect(scheduleWorkloadInput.parse({ fromNote: 'workloads/test-runner.md' })).toEqual({ fromNote: 'workloads/test-runner.md' });
  });

  it('still validates the fields it is given, with the field descriptions agents read', () => {
    expect(scheduleWorkloadInput.safeParse({ cpu: -1 }).success).toBe(false);
    expect(scheduleWorkloadInput.safeParse({ pidMode: 'host' }).success).toBe(false);
    expect(scheduleWorkloadInput.shape.cpu.description).toMatch(/CPU cores/);
  });
});
