import { describe, expect, it } from 'vitest';
import type { Pod } from '../workload/pod';
import { ABANDONED_AFTER_MS, abandonedPods } from './abandoned-pods';
import { testPod } from '../workload/pod-fixture';

const pod = (id: string, createdAt: string, status: Pod['status']): Pod => testPod({ id, createdAt, status });

describe('abandonedPods', () => {
  it('picks pods still pending long after creation, and never pods being started or that ran', () => {
    const now = new Date('2030-01-01T01:00:00.000Z');
    const at = (msAgo: number) => new Date(now.getTime() - msAgo).toISOString();
    const pods = [
      pod('left-behind', at(ABANDONED_AFTER_MS), 'pending'),
      pod('long-ago', at(ABANDONED_AFTER_MS * 100), 'pending'),
      pod('being-started', at(ABANDONED_AFTER_MS - 1_000), 'pending'),
      pod('running', at(ABANDONED_AFTER_MS * 10), 'running'),
      pod('finished', at(ABANDONED_AFTER_MS * 10), 'succeeded'),
      pod('leaving', at(ABANDONED_AFTER_MS * 10), 'terminating'),
    ];
    expect(abandonedPods(pods, now).map((p) => p.id)).toEqual(['left-behind', 'long-ago']);
  });
});
