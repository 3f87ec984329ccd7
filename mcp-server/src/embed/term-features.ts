/**
 * The features the built-in embedder counts: index terms (see text-analysis) plus each pair of
 * neighbouring terms, because much of a technical vocabulary is two-word phrases ("boundary
 * layer", "heat transfer") whose meaning neither word carries alone. Pure.
 */
import { analyze } from './text-analysis';

/** Separates the two terms of a pair; terms never contain it. */
export const PAIR_JOINER = ' ';
/** A pair's evidence overlaps its two terms': counting it fully would double-count. */
export const PAIR_WEIGHT = 0.5;

/** Chunks are stored, queries searched with: the two are weighted differently. */
export type TextRole = 'document' | 'query';

export function isPair(feature: string): boolean {
  return feature.includes(PAIR_JOINER);
}

/** Feature -> count for one text. */
export function countFeatures(text: string): Map<string, number> {
  return countTerms(analyze(text));
}

function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let index = 0; index < terms.length; index += 1) {
    const term = terms[index]!;
    counts.set(term, (counts.get(term) ?? 0) + 1);
    if (index > 0) {
      const pair = terms[index - 1]! + PAIR_JOINER + term;
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
    }
  }
  return counts;
}
