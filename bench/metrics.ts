/**
 * Ranked-retrieval metrics, as ../shared/eval/README.md defines them. Pure.
 * `ranking` is document ids best first; `judged` maps relevant ids to a graded gain g >= 1.
 */
import { percentile } from './percentile';

/** nDCG@k with gains 2^g - 1 and log2(rank + 1) discounts; 0 when nothing is relevant. */
export function ndcgAt(k: number, ranking: readonly string[], judged: ReadonlyMap<string, number>): number {
  const gain = (grade: number) => 2 ** grade - 1;
  let dcg = 0;
  ranking.slice(0, k).forEach((id, index) => {
    const grade = judged.get(id);
    if (grade && grade > 0) dcg += gain(grade) / Math.log2(index + 2);
  });
  const ideal = [...judged.values()].filter((grade) => grade > 0).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, grade, index) => sum + gain(grade) / Math.log2(index + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

/** Share of the relevant documents found in the first k. */
export function recallAt(k: number, ranking: readonly string[], judged: ReadonlyMap<string, number>): number {
  const relevant = [...judged].filter(([, grade]) => grade > 0).length;
  if (relevant === 0) return 0;
  const found = ranking.slice(0, k).filter((id) => (judged.get(id) ?? 0) > 0).length;
  return found / relevant;
}

/** 1 / rank of the first relevant document within the first k, else 0. */
export function reciprocalRankAt(k: number, ranking: readonly string[], judged: ReadonlyMap<string, number>): number {
  const index = ranking.slice(0, k).findIndex((id) => (judged.get(id) ?? 0) > 0);
  return index < 0 ? 0 : 1 / (index + 1);
}

export interface QualityFigures {
  ndcg10: number;
  recall100: number;
  mrr10: number;
  queries: number;
  p50ms: number;
  p95ms: number;
}

export interface QueryOutcome {
  ranking: readonly string[];
  judged: ReadonlyMap<string, number>;
  ms: number;
}

/** Means over the queries, rounded to what the figures can honestly claim. */
export function summarizeQuality(outcomes: readonly QueryOutcome[]): QualityFigures {
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const round = (value: number, digits: number) => Number(value.toFixed(digits));
  const times = outcomes.map((outcome) => outcome.ms);
  return {
    ndcg10: round(mean(outcomes.map((o) => ndcgAt(10, o.ranking, o.judged))), 4),
    recall100: round(mean(outcomes.map((o) => recallAt(100, o.ranking, o.judged))), 4),
    mrr10: round(mean(outcomes.map((o) => reciprocalRankAt(10, o.ranking, o.judged))), 4),
    queries: outcomes.length,
    p50ms: percentile(times, 50),
    p95ms: percentile(times, 95),
  };
}
