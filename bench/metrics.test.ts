import { describe, expect, it } from 'vitest';
import { ndcgAt, recallAt, reciprocalRankAt, summarizeQuality } from './metrics';

// Judged: a is a complete answer (code 1 -> gain 4), b code 3 -> gain 2, c code 4 -> gain 1.
const judged = new Map([
  ['a', 4],
  ['b', 2],
  ['c', 1],
]);

describe('retrieval metrics on a hand-computed example', () => {
  it('nDCG@k uses gains 2^g - 1 and log2(rank + 1) discounts', () => {
    // Ranking x, b, a: DCG = 0 + 3/log2(3) + 15/log2(4) = 1.892789 + 7.5.
    // Ideal a, b, c: 15 + 3/log2(3) + 1/log2(4) = 15 + 1.892789 + 0.5.
    const dcg = 3 / Math.log2(3) + 15 / 2;
    const idcg = 15 + 3 / Math.log2(3) + 0.5;
    expect(ndcgAt(10, ['x', 'b', 'a'], judged)).toBeCloseTo(dcg / idcg, 12);
    expect(ndcgAt(10, ['a', 'b', 'c'], judged)).toBeCloseTo(1, 12);
    // Cut at k = 1: only x counts (0); the ideal is a alone.
    expect(ndcgAt(1, ['x', 'b', 'a'], judged)).toBe(0);
    expect(ndcgAt(10, ['x'], new Map())).toBe(0);
  });

  it('recall@k is the share of relevant documents found in the first k', () => {
    expect(recallAt(100, ['x', 'b', 'a'], judged)).toBeCloseTo(2 / 3, 12);
    expect(recallAt(2, ['x', 'b', 'a'], judged)).toBeCloseTo(1 / 3, 12);
  });

  it('MRR@k is 1 / rank of the first relevant document within k', () => {
    expect(reciprocalRankAt(10, ['x', 'y', 'c'], judged)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRankAt(2, ['x', 'y', 'c'], judged)).toBe(0);
  });

  it('averages over queries and reports latency percentiles', () => {
    const figures = summarizeQuality([
      { ranking: ['a', 'b', 'c'], judged, ms: 10 },
      { ranking: ['x'], judged, ms: 30 },
    ]);
    expect(figures).toMatchObject({ ndcg10: 0.5, recall100: 0.5, mrr10: 0.5, queries: 2, p50ms: 10, p95ms: 30 });
  });
});
