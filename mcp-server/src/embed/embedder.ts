/**
 * Turns text into vectors. The index records `id` and `dimension`; when either differs
 * from what built the table, everything is re-embedded rather than mixing vectors.
 */
export interface Embedder {
  /** Stable name of the model and its version/state, e.g. `builtin-cooc-v1:3f9a1c2e`. */
  readonly id: string;
  readonly dimension: number;
  /** Embeds chunk texts for storage. Vectors are L2-normalised. */
  embedDocuments(texts: string[]): Promise<Float32Array[]>;
  /** Embeds a search query (may differ from documents, e.g. a task prefix). */
  embedQuery(text: string): Promise<Float32Array>;
}
