import { describe, expect, it } from 'vitest';
import type { Pod } from '../workload/pod';
import { testPod } from './pod-fixture';
import { expiredPods } from './ttl';

const pod = (id: string, expiresAt: string | null, status: Pod['status'] = 'running'): Pod => testPod({ id, expiresAt, status });

describe('expiredPods', () => {
  it('picks pods at or past their expiry, finished ones included, and never pods without a TTL', () => {
    const now = new Date('2030-01-01T01:00:00.000Z');
    const pods = [
      pod('past', '2030-01-01T00:59:59.000Z'),
      pod('exact', '2030-01-01T01:00:00.000Z'),
      pod('future', '2030-01-01T01:00:01.000Z'),
      pod('forever', null),
      pod('done', '2030-01-01T00:00:00.000Z', 'succeeded'),
      pod('leaving', '2030-01-01T00:00:00.000Z', 'terminating'),
    ];
    expect(expiredPods(pods, now).map((p) => p.id)).toEqual(['past', 'exact', 'done']);
  });
});
