import { describe, expect, it } from 'vitest';
import type { Pod } from '../workload/pod';
import { testPod } from '../workload/pod-fixture';
import { mergePodLists } from './pod-list';

const pod = (id: string, node: string, createdAt: string): Pod => testPod({ id, node, createdAt });

describe('mergePodLists', () => {
  it('lists every node’s pods together, oldest first', () => {
    const here = [pod('a', 'alpha', '2026-11-25T01:00:02Z')];
    const bravo = [pod('b', 'bravo', '2026-11-25T01:00:01Z'), pod('c', 'bravo', '2026-11-25T01:00:03Z')];
    expect(mergePodLists(here, bravo).map((entry) => `${entry.node}/${entry.id}`)).toEqual(['bravo/b', 'alpha/a', 'bravo/c']);
  });

  it('keeps a pod once when one peer answered under two names, but keeps same-named pods of two nodes', () => {
    const twice = pod('x', 'bravo', '2026-11-25T01:00:00Z');
    const elsewhere = pod('x', 'charlie', '2026-11-25T01:00:00Z');
    expect(mergePodLists([twice], [twice, elsewhere]).map((entry) => entry.node)).toEqual(['bravo', 'charlie']);
  });
});
