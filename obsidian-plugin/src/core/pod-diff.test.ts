import type { Pod } from '@vaultplane/orchestrator';
import { describe, expect, it } from 'vitest';
import { diffPods, sortPods } from './pod-diff';

function pod(id: string, overrides: Partial<Pod> = {}): Pod {
  return {
    id,
    containerId: `c-${id}`,
    name: id.split('-')[0]!,
    namespace: 'default',
    task: null,
    node: 'node-a',
    image: 'vaultplane/busybox:test',
    status: 'running',
    exitCode: null,
    createdAt: '2026-11-25T01:00:00.000Z',
    expiresAt: null,
    resources: { cpu: 0.5, memoryMb: 128, gpu: 0 },
    labels: {},
    specHash: 'h',
    completeTask: false,
    ...overrides,
  };
}

describe('diffPods', () => {
  it('finds added, removed and changed pods, and keeps the new order', () => {
    const before = [pod('a-1'), pod('b-1'), pod('c-1')];
    const after = [pod('d-1'), pod('a-1'), pod('c-1', { status: 'succeeded', exitCode: 0 })];
    const diff = diffPods(before, after);
    expect(diff.added.map((p) => p.id)).toEqual(['d-1']);
    expect(diff.removed.map((p) => p.id)).toEqual(['b-1']);
    expect(diff.changed.map((p) => p.id)).toEqual(['c-1']);
    expect(diff.order).toEqual(['d-1', 'a-1', 'c-1']);
  });

  it('sees a change of resources, and ignores fields the table does not show', () => {
    expect(diffPods([pod('a-1')], [pod('a-1', { resources: { cpu: 1, memoryMb: 128, gpu: 0 } })]).changed).toHaveLength(1);
    expect(diffPods([pod('a-1')], [pod('a-1', { specHash: 'other', labels: { x: 'y' } })])).toMatchObject({ added: [], removed: [], changed: [] });
  });
});

describe('sortPods', () => {
  it('puts the newest first and breaks ties by id', () => {
    const sorted = sortPods([pod('b-1'), pod('z-1', { createdAt: '2026-11-25T02:00:00.000Z' }), pod('a-1')]);
    expect(sorted.map((p) => p.id)).toEqual(['z-1', 'a-1', 'b-1']);
  });
});
