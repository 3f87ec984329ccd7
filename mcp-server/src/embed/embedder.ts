/**
 * Turns text into vectors. The index records `id` and `dimension`; when either differs
 * from what built the table, everything is re-embedded rather than mixing vectors.
 */
/** Term occurrences in a text, and how many of them a learned vocabulary knows. */
export interface VocabularyTally {
  terms: number;
  known: number;
}

export interface Embedder {
  /** Stable name of the model and its version/state, e.g. `builtin-cooc-v1:3f9a1c2e`. */
  readonly id: string;
  readonly dimension: number;
  /**
   * Embeds chunk texts for storage. Vectors are L2-normalised. An embedder with a vocabulary
   * learned from the vault also sets `tallies[i]` to how much of text i that vocabulary knows,
   * which tells the indexer when the vault's wording has moved away from the model.
   */
  embedDocuments(texts: string[], tallies?: VocabularyTally[]): Promise<Float32Array[]>;
  /** Embeds a search query (may differ from documents, e.g. a task prefix). */
  embedQuery(text: string): Promise<Float32Array>;
}
