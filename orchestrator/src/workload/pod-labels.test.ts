import { describe, expect, it } from 'vitest';
import { LABEL, podFromContainer, podLabels, podStatus, type PodMetadata } from './pod-labels';

const meta: PodMetadata = {
  name: 'indexer',
  namespace: 'ci',
  task: '001-example/T012',
  node: 'box',
  specHash: 'ab'.repeat(32),
  expiresAt: new Date('2030-01-01T00:00:00Z'),
  resources: { cpu: 0.5, memoryMb: 256, gpu: 0 },
  labels: { team: 'search' },
  idempotencyKeyHash: 'cd'.repeat(8),
  completeTask: true,
  owner: 'a1b2c3',
};

describe('pod labels', () => {
  it('carry every label the issue names, and rebuild the same pod from a container', () => {
    const labels = podLabels(meta);
    expect(Object.keys(labels)).toEqual(
      expect.arrayContaining(['vaultplane.workload', 'vaultplane.namespace', 'vaultplane.task', 'vaultplane.node', 'vaultplane.spec-hash', 'vaultplane.expires', 'vaultplane.owner']),
    );
    const pod = podFromContainer({
      id: 'c0ffee',
      name: 'indexer-1a2b3c4d',
      image: 'vaultplane/busybox:test',
      state: 'running',
      // Labels the image brought must not show up as the pod's own labels.
      labels: { ...labels, maintainer: 'someone' },
      createdAt: '2029-12-31T23:00:00.000Z',
      exitCode: undefined,
    });
    expect(pod).toEqual({
      id: 'indexer-1a2b3c4d',
      containerId: 'c0ffee',
      name: 'indexer',
      namespace: 'ci',
      task: '001-example/T012',
      node: 'box',
      image: 'vaultplane/busybox:test',
      status: 'running',
      exitCode: null,
      createdAt: '2029-12-31T23:00:00.000Z',
      expiresAt: '2030-01-01T00:00:00.000Z',
      resources: { cpu: 0.5, memoryMb: 256, gpu: 0 },
      labels: { team: 'search' },
      specHash: 'ab'.repeat(32),
      completeTask: true,
    });
  });

  it('reads "no task" and "no TTL" back as null', () => {
    const labels = podLabels({ ...meta, task: undefined, expiresAt: undefined });
    const pod = podFromContainer({ id: 'x', name: 'p', image: 'i', state: 'exited', labels, createdAt: '', exitCode: 2 });
    expect(pod).toMatchObject({ task: null, expiresAt: null, status: 'failed', exitCode: 2, completeTask: true });
    const plain = podFromContainer({ id: 'x', name: 'p', image: 'i', state: 'exited', labels: podLabels({ ...meta, completeTask: false }), createdAt: '', exitCode: 0 });
    expect(plain?.completeTask).toBe(false);
  });

  it('keeps the owning node from the labels and adds the engine host and the reason when a multi-node engine gives them', () => {
    const labels = podLabels(meta);
    const waiting = podFromContainer({ id: 'x', name: 'p', image: 'i', state: 'created', labels, createdAt: '', exitCode: undefined, reason: 'no suitable node' });
    expect(waiting).toMatchObject({ node: 'box', status: 'pending', reason: 'no suitable node' });
    expect(waiting?.host).toBeUndefined();
    const placed = podFromContainer({ id: 'x', name: 'p', image: 'i', state: 'running', labels, createdAt: '', exitCode: undefined, node: 'worker-2' });
    expect(placed).toMatchObject({ node: 'box', host: 'worker-2' });
    expect(placed?.reason).toBeUndefined();
  });

  it('ignores containers without the workload label', () => {
    expect(podFromContainer({ id: 'x', name: 'p', image: 'i', state: 'running', labels: {}, createdAt: '', exitCode: undefined })).toBeUndefined();
    expect(LABEL.workload).toBe('vaultplane.workload');
  });
});

describe('podStatus', () => {
  it('tells success from failure by the exit code', () => {
    expect(podStatus('exited', 0)).toBe('succeeded');
    expect(podStatus('exited', 137)).toBe('failed');
    expect(podStatus('created', undefined)).toBe('pending');
    expect(podStatus('removing', undefined)).toBe('terminating');
  });
});
