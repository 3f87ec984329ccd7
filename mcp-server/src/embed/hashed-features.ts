/**
 * The fallback vector for a vault too small to learn from: the same features as the
 * co-occurrence model (terms and neighbouring pairs), folded into a fixed number of dimensions
 * by the signed hashing trick (Weinberger et al. 2009). No training, so no semantics beyond
 * shared words, but deterministic and good enough for a handful of notes. Pure.
 */
import { countFeatures, isPair, PAIR_WEIGHT, type TextRole } from './term-features';
import { unitVector } from './unit-vector';

/** FNV-1a over UTF-16 code units, 32 bits: stable across platforms and runs. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const SIGN_SEED = 0x9747b28c;

/** Unit vector of a text, or undefined when it has no features at all. */
export function hashedVector(text: string, dimension: number, role: TextRole): Float32Array | undefined {
  const sum = new Float64Array(dimension);
  for (const [feature, tf] of countFeatures(text)) {
    const weight = (role === 'document' ? Math.log1p(tf) : 1) * (isPair(feature) ? PAIR_WEIGHT : 1);
    const slot = fnv1a(feature) % dimension;
    const sign = fnv1a(feature, SIGN_SEED) & 1 ? 1 : -1;
    sum[slot]! += sign * weight;
  }
  return unitVector(sum);
}
