/**
 * The co-occurrence model behind the built-in embedder: latent semantic analysis (Deerwester et
 * al. 1990) of the vault's own chunks. See README.md in this folder for the why; in short:
 *
 * 1. Features are stemmed terms and neighbouring-term pairs (term-features.ts) that occur in at
 *    least two chunks; the most widespread are kept up to a cap.
 * 2. Each chunk becomes a row of log(1 + tf) * g(f), where g is the log-entropy global weight
 *    (1 + sum_d p log p / log n): a feature spread evenly over the vault says little, one
 *    concentrated in a few chunks says a lot. Pairs count half. Rows are L2-normalised so long
 *    chunks do not dominate the co-occurrence statistics.
 * 3. A randomized truncated SVD of that chunk x feature matrix gives each feature a vector
 *    v_f = V_k[f] * S_k^0.5: features that occur in the same contexts get nearby vectors, so
 *    "wing" and "airfoil" end up close even when a note uses only one of them.
 * 4. A text's vector is the normalised weighted sum of its features' vectors: chunks with
 *    log-entropy weights, queries with BM25 idf weights (a query's rare words are its point).
 *
 * Everything is deterministic (seeded sketch, sorted vocabulary) and pure: no files, no network.
 */
import { PAIR_JOINER, countFeatures } from './term-features';
import { analyze } from './text-analysis';
import { multiplyByTransposed, truncatedSvd, type SparseRows, type TruncatedSvd } from './linear-algebra';

export interface CooccurrenceOptions {
  /** Latent dimensions (the vector dimension). */
  rank?: number;
  /** Cap on single-term features kept (most widespread first). */
  maxTerms?: number;
  /** Cap on term-pair features kept. */
  maxPairs?: number;
  /** Subspace iterations of the SVD. */
  iterations?: number;
  seed?: number;
}

export const DEFAULT_RANK = 128;
const DEFAULT_MAX_TERMS = 32_000;
const DEFAULT_MAX_PAIRS = 24_000;
/** A pair's evidence overlaps its two terms'; counting it fully would double-count. */
const PAIR_WEIGHT = 0.5;
/** Exponent on singular values in feature vectors: between plain LSI (0) and S-weighted (1). */
const SINGULAR_VALUE_EXPONENT = 0.5;
/** A feature seen in one chunk only has no co-occurrence to learn from. */
const MIN_DOCUMENT_FREQUENCY = 2;

export interface CooccurrenceModel {
  /** Chunks the model was trained on. */
  documents: number;
  /** Share of the training text's term occurrences that made it into the vocabulary. */
  coverage: number;
  /** Vector dimension; latent dimensions beyond the learned rank stay zero. */
  dimension: number;
  /** Learned latent dimensions (<= dimension). */
  rank: number;
  /** Feature strings (terms, and pairs joined by PAIR_JOINER), by feature id. */
  features: string[];
  /** Per feature: log-entropy global weight (times the pair weight), for chunks. */
  documentWeights: Float32Array;
  /** Per feature: BM25 idf (times the pair weight), for queries. */
  queryWeights: Float32Array;
  /** Per feature: the scale of its quantised row. */
  rowScales: Float32Array;
  /** features x dimension, int8; row f times rowScales[f] is feature f's vector. */
  projection: Int8Array;
}

/** Term -> id while reading, so later passes work on integers rather than strings. */
class TermTable {
  readonly ids = new Map<string, number>();
  readonly terms: string[] = [];
  idOf(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
    }
    return id;
  }
}

function keepMostWidespread(candidates: Array<[key: number, df: number]>, limit: number, nameOf: (key: number) => string): number[] {
  const named = candidates.map(([key, df]) => ({ key, df, name: nameOf(key) }));
  named.sort((a, b) => b.df - a.df || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return named.slice(0, limit).map((entry) => entry.key);
}

/** Trains on chunk texts. Returns undefined when they hold too little shared vocabulary to learn from. */
export function trainCooccurrenceModel(texts: readonly string[], options: CooccurrenceOptions = {}): CooccurrenceModel | undefined {
  const dimension = options.rank ?? DEFAULT_RANK;
  const documents = texts.length;
  if (documents < 2) return undefined;

  // Pass 1: analyse every text once; term document frequencies.
  const table = new TermTable();
  const docTerms: Int32Array[] = [];
  let termDf = new Int32Array(1024);
  const lastSeen: number[] = [];
  texts.forEach((text, doc) => {
    const ids = Int32Array.from(analyze(text), (term) => table.idOf(term));
    docTerms.push(ids);
    if (termDf.length < table.terms.length) {
      const grown = new Int32Array(Math.max(table.terms.length, termDf.length * 2));
      grown.set(termDf);
      termDf = grown;
    }
    for (const id of ids) {
      if (lastSeen[id] === doc) continue;
      lastSeen[id] = doc;
      termDf[id]! += 1;
    }
  });

  const termCandidates: Array<[number, number]> = [];
  for (let id = 0; id < table.terms.length; id += 1) if (termDf[id]! >= MIN_DOCUMENT_FREQUENCY) termCandidates.push([id, termDf[id]!]);
  const keptTerms = keepMostWidespread(termCandidates, options.maxTerms ?? DEFAULT_MAX_TERMS, (id) => table.terms[id]!);
  const termFeature = new Int32Array(table.terms.length).fill(-1);
  keptTerms.forEach((id, index) => (termFeature[id] = index));
  let occurrences = 0;
  let keptOccurrences = 0;
  for (const ids of docTerms) {
    occurrences += ids.length;
    for (const id of ids) if (termFeature[id]! >= 0) keptOccurrences += 1;
  }
  const coverage = occurrences === 0 ? 1 : keptOccurrences / occurrences;

  // Pass 2: document frequencies of pairs of kept terms (a pair is never more widespread than its terms).
  const termCount = keptTerms.length;
  const pairKey = (a: number, b: number) => a * termCount + b;
  const pairDf = new Map<number, number>();
  const pairsInDoc = new Set<number>();
  for (const ids of docTerms) {
    pairsInDoc.clear();
    for (let index = 1; index < ids.length; index += 1) {
      const a = termFeature[ids[index - 1]!]!;
      const b = termFeature[ids[index]!]!;
      if (a >= 0 && b >= 0) pairsInDoc.add(pairKey(a, b));
    }
    for (const key of pairsInDoc) pairDf.set(key, (pairDf.get(key) ?? 0) + 1);
  }
  const pairName = (key: number) => table.terms[keptTerms[Math.floor(key / termCount)]!]! + PAIR_JOINER + table.terms[keptTerms[key % termCount]!]!;
  const pairCandidates: Array<[number, number]> = [];
  for (const [key, df] of pairDf) if (df >= MIN_DOCUMENT_FREQUENCY) pairCandidates.push([key, df]);
  const keptPairs = keepMostWidespread(pairCandidates, options.maxPairs ?? DEFAULT_MAX_PAIRS, pairName);
  const pairFeature = new Map<number, number>();
  keptPairs.forEach((key, index) => pairFeature.set(key, termCount + index));

  const featureCount = termCount + keptPairs.length;
  if (featureCount < 2) return undefined;
  const features = [...keptTerms.map((id) => table.terms[id]!), ...keptPairs.map(pairName)];
  const df = new Float64Array(featureCount);
  keptTerms.forEach((id, index) => (df[index] = termDf[id]!));
  keptPairs.forEach((key, index) => (df[termCount + index] = pairDf.get(key)!));
  pairDf.clear();

  // Pass 3: per-chunk feature counts straight into a growing sparse matrix (raw counts for now);
  // global frequencies and entropy sums on the way.
  const rowStart = new Int32Array(documents + 1);
  let colIndex = new Int32Array(1 << 16);
  let values = new Float32Array(1 << 16);
  const globalFrequency = new Float64Array(featureCount);
  const sumTfLogTf = new Float64Array(featureCount);
  const rowCounts = new Map<number, number>();
  let entries = 0;
  docTerms.forEach((ids, doc) => {
    rowCounts.clear();
    for (let index = 0; index < ids.length; index += 1) {
      const term = termFeature[ids[index]!]!;
      if (term < 0) continue;
      rowCounts.set(term, (rowCounts.get(term) ?? 0) + 1);
      if (index === 0) continue;
      const previous = termFeature[ids[index - 1]!]!;
      if (previous < 0) continue;
      const pair = pairFeature.get(pairKey(previous, term));
      if (pair !== undefined) rowCounts.set(pair, (rowCounts.get(pair) ?? 0) + 1);
    }
    if (entries + rowCounts.size > colIndex.length) {
      const capacity = Math.max(entries + rowCounts.size, colIndex.length * 2);
      const grownCols = new Int32Array(capacity);
      grownCols.set(colIndex.subarray(0, entries));
      colIndex = grownCols;
      const grownValues = new Float32Array(capacity);
      grownValues.set(values.subarray(0, entries));
      values = grownValues;
    }
    for (const feature of [...rowCounts.keys()].sort((a, b) => a - b)) {
      const tf = rowCounts.get(feature)!;
      globalFrequency[feature]! += tf;
      sumTfLogTf[feature]! += tf * Math.log(tf);
      colIndex[entries] = feature;
      values[entries] = tf;
      entries += 1;
    }
    rowStart[doc + 1] = entries;
    docTerms[doc] = new Int32Array(0); // free as we go
  });
  pairFeature.clear();

  const logDocuments = Math.log(documents);
  const documentWeights = new Float32Array(featureCount);
  const queryWeights = new Float32Array(featureCount);
  for (let feature = 0; feature < featureCount; feature += 1) {
    const gf = globalFrequency[feature]!;
    // sum_d p log p with p = tf / gf, from sum tf log tf: (1/gf) * sum tf log tf - log gf.
    const entropy = gf > 0 ? (sumTfLogTf[feature]! / gf - Math.log(gf)) / logDocuments : 0;
    const pairFactor = feature >= termCount ? PAIR_WEIGHT : 1;
    documentWeights[feature] = Math.max(0, 1 + entropy) * pairFactor;
    queryWeights[feature] = Math.log((documents - df[feature]! + 0.5) / (df[feature]! + 0.5) + 1) * pairFactor;
  }

  // Counts -> log(1 + tf) * global weight, each row scaled to unit length.
  for (let doc = 0; doc < documents; doc += 1) {
    let norm = 0;
    for (let entry = rowStart[doc]!; entry < rowStart[doc + 1]!; entry += 1) {
      const weight = Math.log1p(values[entry]!) * documentWeights[colIndex[entry]!]!;
      values[entry] = weight;
      norm += weight * weight;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let entry = rowStart[doc]!; entry < rowStart[doc + 1]!; entry += 1) values[entry]! *= scale;
  }
  colIndex = colIndex.slice(0, entries);
  values = values.slice(0, entries);
  const matrix: SparseRows = { rows: documents, cols: featureCount, rowStart, colIndex, values };

  const rank = Math.max(1, Math.min(dimension, featureCount - 1, documents - 1));
  const svd = truncatedSvd(matrix, rank, { iterations: options.iterations ?? 2, seed: options.seed ?? 1 });
  const { projection, rowScales } = featureVectors(svd, featureCount, dimension);
  return { documents, coverage, dimension, rank: svd.rank, features, documentWeights, queryWeights, rowScales, projection };
}

/**
 * v_f = V_k[f] * S^exponent = basis[f] * combine * S^(exponent - 1), computed one feature at a
 * time straight into int8 with one scale per row: a quarter of the memory of float32, and no
 * difference a ranking notices.
 */
function featureVectors(svd: TruncatedSvd, rows: number, dimension: number) {
  const { basis, width, combine, singularValues, rank } = svd;
  const mixT = new Float64Array(rank * width); // transposed, for multiplyByTransposed
  for (let a = 0; a < width; a += 1) {
    for (let c = 0; c < rank; c += 1) mixT[c * width + a] = combine[a * rank + c]! * singularValues[c]! ** (SINGULAR_VALUE_EXPONENT - 1);
  }
  const projection = new Int8Array(rows * dimension);
  const rowScales = new Float32Array(rows);
  const slice = 2048; // rows per product, to keep the float64 intermediate small
  for (let first = 0; first < rows; first += slice) {
    const count = Math.min(slice, rows - first);
    const vectors = multiplyByTransposed(basis.subarray(first * width, (first + count) * width), count, width, mixT, rank);
    for (let j = 0; j < count; j += 1) {
      const vectorOffset = j * rank;
      let largest = 0;
      for (let c = 0; c < rank; c += 1) largest = Math.max(largest, Math.abs(vectors[vectorOffset + c]!));
      const scale = largest / 127;
      rowScales[first + j] = scale;
      if (scale === 0) continue;
      const outOffset = (first + j) * dimension;
      for (let c = 0; c < rank; c += 1) projection[outOffset + c] = Math.round(vectors[vectorOffset + c]! / scale);
    }
  }
  return { projection, rowScales };
}

/** Feature -> id, built once per model (not serialised). */
const FEATURE_INDEX = new WeakMap<CooccurrenceModel, Map<string, number>>();

export function featureIndex(model: CooccurrenceModel): Map<string, number> {
  let index = FEATURE_INDEX.get(model);
  if (!index) {
    index = new Map(model.features.map((feature, id) => [feature, id]));
    FEATURE_INDEX.set(model, index);
  }
  return index;
}

export type TextRole = 'document' | 'query';

/**
 * The unit vector of a text, or undefined when none of its features is known to the model.
 * Chunks weigh log(1 + tf) * entropy weight; queries weigh each distinct feature by its idf.
 */
export function projectText(model: CooccurrenceModel, text: string, role: TextRole): Float32Array | undefined {
  const index = featureIndex(model);
  const { dimension, projection, rowScales } = model;
  const sum = new Float64Array(dimension);
  let known = 0;
  for (const [feature, tf] of countFeatures(text)) {
    const id = index.get(feature);
    if (id === undefined) continue;
    const weight = role === 'document' ? Math.log1p(tf) * model.documentWeights[id]! : model.queryWeights[id]!;
    const scaled = weight * rowScales[id]!;
    if (scaled === 0) continue;
    known += 1;
    const offset = id * dimension;
    for (let c = 0; c < dimension; c += 1) sum[c]! += scaled * projection[offset + c]!;
  }
  if (known === 0) return undefined;
  let norm = 0;
  for (let c = 0; c < dimension; c += 1) norm += sum[c]! * sum[c]!;
  if (norm === 0) return undefined;
  const inverse = 1 / Math.sqrt(norm);
  return Float32Array.from(sum, (value) => value * inverse);
}

/** Share of a text's term occurrences (not pairs) that the model knows: low means the vault has moved on. */
export function termCoverage(model: CooccurrenceModel, texts: readonly string[]): number {
  const index = featureIndex(model);
  let total = 0;
  let known = 0;
  for (const text of texts) {
    for (const term of analyze(text)) {
      total += 1;
      if (index.has(term)) known += 1;
    }
  }
  return total === 0 ? 1 : known / total;
}

