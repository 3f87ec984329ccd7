import { describe, expect, it } from 'vitest';
import { WorkloadSpecSchema } from './workload-spec';

describe('WorkloadSpecSchema', () => {
  it('fills defaults for cpu, memory, gpu and namespace', () => {
    expect(WorkloadSpecSchema.parse({ name: 'job', image: 'busybox' })).toEqual({
      name: 'job',
      image: 'busybox',
      cpu: 0.5,
      memoryMb: 256,
      gpu: 0,
      namespace: 'default',
    });
  });

  it.each([
    [{ name: 'Job_1', image: 'busybox' }, 'name'],
    [{ name: 'job', image: 'BusyBox' }, 'image'],
    [{ name: 'job', image: 'busybox', cpu: -1 }, 'cpu'],
    [{ name: 'job', image: 'busybox', cpu: 1e9 }, 'cpu'],
    [{ name: 'job', image: 'busybox', cpu: 0.001 }, 'cpu'],
    [{ name: 'job', image: 'busybox', memoryMb: 1.5 }, 'memoryMb'],
    [{ name: 'job', image: 'busybox', labels: { 'vaultplane.node': 'x' } }, 'labels'],
    [{ name: 'job', image: 'busybox', env: { '1X': 'a' } }, 'env'],
    [{ name: 'job', image: 'busybox', command: [] }, 'command'],
    [{ name: 'job', image: 'busybox', surprise: true }, 'surprise'],
  ])('rejects %o naming the field %s', (input, field) => {
    const result = WorkloadSpecSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(field);
  });

  it('accepts registry hosts with ports, nested paths, tags and digests', () => {
    for (const image of ['localhost:5000/a/b:1.0', 'ghcr.io/acme/agent@sha256:' + 'a'.repeat(64), 'vaultplane/busybox:test']) {
      expect(WorkloadSpecSchema.safeParse({ name: 'job', image }).success).toBe(true);
    }
  });
});
