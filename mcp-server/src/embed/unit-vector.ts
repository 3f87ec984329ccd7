/**
 * Scaling to unit length, shared by every embedder: vectors are stored L2-normalised. The sum of
 * squares is formed in double and each value multiplied by the inverse norm. Pure.
 */

/** The values scaled to unit length, or undefined for a zero vector (it has no direction to keep). */
export function unitVector(values: ArrayLike<number>): Float32Array | undefined {
  let norm = 0;
  for (let index = 0; index < values.length; index += 1) norm += values[index]! * values[index]!;
  if (norm === 0) return undefined;
  const inverse = 1 / Math.sqrt(norm);
  return Float32Array.from(values, (value) => value * inverse);
}
