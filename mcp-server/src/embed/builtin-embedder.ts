/**
 * The built-in, offline embedder: the default, so search has a semantic side with no model
 * server, no download and no model file shipped with the code.
 *
 * It learns from the vault itself. trainBuiltinModel runs latent semantic analysis over the
 * vault's sections (cooccurrence-model.ts): a randomized truncated SVD of a log-entropy weighted
 * section x feature matrix, where features are stemmed terms and neighbouring-term pairs. Every
 * feature gets a 160-dimensional vector; features used in the same sections get similar vectors,
 * so a query about "airfoil stall" also finds a note that says "wing separation". A chunk or
 * query vector is the normalised weighted sum of its features' vectors. The full-text side of
 * hybrid search still handles exact words; this side adds the associations the vault's own
 * notes teach, and so it improves as the vault grows: shouldRetrain says when the vault has
 * moved far enough from what the model saw (a quarter more or fewer chunks, or much new
 * vocabulary) that it is worth retraining and re-embedding.
 *
 * A vault of fewer than MIN_TRAINING_DOCUMENTS chunks gets a hashed model instead: the same
 * features folded into the same dimension by the hashing trick, with its own id. It needs no
 * training and matches shared words only, until the vault is big enough to learn from.
 *
 * Deterministic: the same texts in the same order give the same model, byte for byte, and the
 * id names the model's content, so the index can tell when vectors must be rebuilt. See
 * README.md in this folder for the measurements behind the choices.
 */
import { createHash } from 'node:crypto';
import type { Embedder, VocabularyTally } from './embedder';
import { decodeModel, encodeModel, type EncodedHeader } from './builtin-model-codec';
import {
  DEFAULT_RANK,
  projectText,
  CooccurrenceTrainer,
  type CooccurrenceModel,
  type CooccurrenceOptions,
} from './cooccurrence-model';
import { hashedVector } from './hashed-features';
import type { TextRole } from './term-features';

/** Below this many chunks there is too little co-occurrence to learn from. */
export const MIN_TRAINING_DOCUMENTS = 20;
/** Retrain when the chunk count moved by more than this share of what the model saw. */
const RETRAIN_CHANGE = 0.25;
/** Retrain when this much less of the vault's wording is known than at training time. */
const RETRAIN_COVERAGE_DROP = 0.1;

export interface HashedModel {
  kind: 'hashed';
  documents: number;
  dimension: number;
}

export interface TrainedModel extends CooccurrenceModel {
  kind: 'cooccurrence';
  /** Hex digest of the serialised model: part of the embedder id. */
  fingerprint: string;
}

export type BuiltinModel = HashedModel | TrainedModel;

export type TrainOptions = CooccurrenceOptions;

/** What the indexer knows about the vault now, to compare with what the model saw. */
export interface CorpusSnapshot {
  /** Chunks in the vault. */
  documents: number;
  /** Optional: share of the current chunks' term occurrences the model knows (the tallies embedDocuments gives). */
  termCoverage?: number;
}

function headerOf(model: BuiltinModel): EncodedHeader {
  if (model.kind === 'hashed') return { kind: 'hashed', documents: model.documents, dimension: model.dimension };
  return {
    kind: 'cooccurrence',
    documents: model.documents,
    dimension: model.dimension,
    rank: model.rank,
    features: model.features.length,
    coverage: model.coverage,
  };
}

function fingerprintOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 12);
}

/** Trains on every chunk text of the vault (pure; the caller persists the result). */
export function trainBuiltinModel(texts: readonly string[], options: TrainOptions = {}): BuiltinModel {
  const trainer = new BuiltinModelTrainer(options);
  for (const text of texts) trainer.add(text);
  return trainer.finish();
}

/** trainBuiltinModel fed one chunk text at a time, in vault order, so no caller holds them all. */
export class BuiltinModelTrainer {
  private readonly cooccurrence: CooccurrenceTrainer;
  private documents = 0;

  constructor(private readonly options: TrainOptions = {}) {
    this.cooccurrence = new CooccurrenceTrainer(options);
  }

  add(chunkText: string): void {
    this.documents += 1;
    this.cooccurrence.add(chunkText);
  }

  finish(): BuiltinModel {
    const hashed: HashedModel = { kind: 'hashed', documents: this.documents, dimension: this.options.rank ?? DEFAULT_RANK };
    if (this.documents < MIN_TRAINING_DOCUMENTS) return hashed;
    const cooccurrence = this.cooccurrence.finish();
    if (!cooccurrence) return hashed;
    const partial = { ...cooccurrence, kind: 'cooccurrence' as const, fingerprint: '' };
    return { ...partial, fingerprint: fingerprintOf(encodeModel(headerOf(partial), partial)) };
  }
}

export function serializeBuiltinModel(model: BuiltinModel): Uint8Array {
  return encodeModel(headerOf(model), model.kind === 'cooccurrence' ? model : undefined);
}

/** Throws ModelFormatError (with what to do) on bytes that are not a model this version reads. */
export function deserializeBuiltinModel(bytes: Uint8Array): BuiltinModel {
  const { header, cooccurrence } = decodeModel(bytes);
  if (header.kind === 'hashed' || !cooccurrence) return { kind: 'hashed', documents: header.documents, dimension: header.dimension };
  return { ...cooccurrence, kind: 'cooccurrence', fingerprint: fingerprintOf(bytes) };
}

/** The refresh policy: true when the vault has drifted far enough from the model to retrain. */
export function shouldRetrain(model: BuiltinModel, current: CorpusSnapshot): boolean {
  const trained = model.documents;
  const now = current.documents;
  if (model.kind === 'hashed' && trained < MIN_TRAINING_DOCUMENTS) return now >= MIN_TRAINING_DOCUMENTS;
  if (Math.abs(now - trained) > RETRAIN_CHANGE * trained) return true;
  if (model.kind === 'cooccurrence' && current.termCoverage !== undefined) {
    return current.termCoverage < model.coverage - RETRAIN_COVERAGE_DROP;
  }
  return false;
}

export class BuiltinEmbedder implements Embedder {
  readonly id: string;
  readonly dimension: number;

  constructor(private readonly model: BuiltinModel) {
    this.dimension = model.dimension;
    this.id = model.kind === 'hashed' ? `builtin-hash-v1:${model.dimension}` : `builtin-cooc-v1:${model.fingerprint}`;
  }

  /**
   * A chunk with no known word gets the first axis: a unit vector (stored vectors must have a
   * norm), alike for all such chunks. A trained model tallies its vocabulary's coverage; a
   * hashed one knows every word and has nothing to tally.
   */
  async embedDocuments(texts: string[], tallies?: VocabularyTally[]): Promise<Float32Array[]> {
    return texts.map((text, position) => {
      const tally = tallies && this.model.kind === 'cooccurrence' ? (tallies[position] = { terms: 0, known: 0 }) : undefined;
      const vector = this.embed(text, 'document', tally);
      if (vector) return vector;
      const axis = new Float32Array(this.dimension);
      axis[0] = 1;
      return axis;
    });
  }

  /** A query with no known word embeds to all zeros: "no semantic signal", which hybrid search skips. */
  async embedQuery(text: string): Promise<Float32Array> {
    return this.embed(text, 'query') ?? new Float32Array(this.dimension);
  }

  private embed(text: string, role: TextRole, tally?: VocabularyTally): Float32Array | undefined {
    return this.model.kind === 'hashed' ? hashedVector(text, this.dimension, role) : projectText(this.model, text, role, tally);
  }
}
