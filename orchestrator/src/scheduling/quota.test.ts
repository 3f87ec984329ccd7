import { describe, expect, it } from 'vitest';
import { quotaViolations } from './quota';
import { MIB } from './resources';

const usage = { cpu: 3.5, memoryBytes: 3 * 1024 * MIB, pods: 4 };

describe('quotaViolations', () => {
  it('lets a request that fits every limit through, including one that fills a limit exactly', () => {
    expect(quotaViolations({ cpu: 4, memoryMb: 4096, pods: 5 }, usage, { cpu: 0.5, memoryBytes: 1024 * MIB, gpus: 0 })).toEqual([]);
  });

  it('names each limit the request would break, with what is used and what is asked', () => {
    expect(quotaViolations({ cpu: 4, memoryMb: 3500, pods: 4 }, usage, { cpu: 1, memoryBytes: 512 * MIB, gpus: 0 })).toEqual([
      'pods: 4 of 4 already running',
      'cpu: 3.5 CPU of 4 CPU in use, this workload asks for 1 CPU',
      'memory: 3 GiB of 3.42 GiB in use, this workload asks for 512 MiB',
    ]);
  });

  it('has no limits where the quota sets none', () => {
    expect(quotaViolations({}, { cpu: 1e6, memoryBytes: 1e15, pods: 1e6 }, { cpu: 64, memoryBytes: 1e12, gpus: 8 })).toEqual([]);
  });
});
