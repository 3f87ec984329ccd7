import type { Pod } from '../workload/pod';

/** A pod for the pure service tests: give the id and what the test is about. */
export function testPod(overrides: Partial<Pod> & { id: string }): Pod {
  return {
    containerId: overrides.id,
    name: 'job',
    namespace: 'default',
    task: null,
    node: 'box',
    image: 'img',
    status: 'running',
    exitCode: null,
    createdAt: '2030-01-01T00:00:00.000Z',
    expiresAt: null,
    resources: { cpu: 0.5, memoryMb: 256, gpu: 0 },
    labels: {},
    specHash: '',
    completeTask: false,
    ...overrides,
  };
}
