/**
 * The co-occurrence model behind the built-in embedder: latent semantic analysis (Deerwester et
 * al. 1990) of the vault's own sections. See README.md in this folder for the measurements; in
 * short:
 *
 * 1. Chunk pieces of one long section are joined back (joinSectionPieces): the section is the
 *    unit whose words belong together.
 * 2. Features are stemmed terms and neighbouring-term pairs that occur in at least two
 *    sections; the most widespread are kept up to a cap.
 * 3. Each section becomes a row of log(1 + tf) * g(f), where g is the log-entropy global weight
 *    (1 + sum_d p log p / log n): a feature spread evenly over the vault says little, one
 *    concentrated in a few sections says a lot. Pairs count half. Rows are L2-normalised so
 *    long sections do not dominate the co-occurrence statistics.
 * 4. A randomized truncated SVD of that section x feature matrix gives each feature a vector
 *    v_f = V_k[f] * S_k^0.5, then divided by the square root of its length (LENGTH_DAMPING):
 *    features that occur in the same contexts get nearby vectors, so "wing" and "airfoil" end
 *    up close even when a note uses only one of them. Big vaults: the SVD reads an even sample
 *    of sections and one fold-in pass over all of them places every feature.
 * 5. A text's vector is the normalised weighted sum of its features' vectors: chunks with
 *    log(1 + tf) * g(f), queries with BM25 idf (a query's rare words are its point).
 *
 * Everything is deterministic (seeded sketch, sorted vocabulary) and pure: no files, no network.
 */
import type { VocabularyTally } from './embedder';
import { IntCountTable } from './int-count-table';
import { isPair, PAIR_JOINER, PAIR_WEIGHT, type TextRole } from './term-features';
import { analyze } from './text-analysis';
import { unitVector } from './unit-vector';
import {
  multiplyByTransposed,
  sparseGramTimesDense,
  truncatedSvd,
  type SparseRows,
  type TruncatedSvd,
} from './linear-algebra';

export interface CooccurrenceOptions {
  /** Latent dimensions (the vector dimension). */
  rank?: number;
  /** Cap on single-term features kept (most widespread first). */
  maxTerms?: number;
  /** Cap on term-pair features kept. */
  maxPairs?: number;
  /** Subspace iterations of the SVD. */
  iterations?: number;
  /** Sections the SVD itself reads at most (evenly spaced); the rest join through one fold-in pass. */
  maxSvdRows?: number;
  seed?: number;
}

export const DEFAULT_RANK = 160;
const DEFAULT_MAX_TERMS = 32_000;
const DEFAULT_MAX_PAIRS = 24_000;
/** Exponent on singular values in feature vectors: between plain LSI (0) and S-weighted (1). */
const SINGULAR_VALUE_EXPONENT = 0.5;
/**
 * Feature vectors are divided by their length to this power. Widespread, generic words load on
 * the strongest latent dimensions and get long vectors, so in a sum they drown the specific
 * words that carry a query; taking the square root of the length out evens that up without
 * discarding it (0 = raw LSI vectors, 1 = unit vectors; 0.5 measured best, see README).
 */
const LENGTH_DAMPING = 0.5;
/** A feature seen in one chunk only has no co-occurrence to learn from. */
const MIN_DOCUMENT_FREQUENCY = 2;
/**
 * Past this many sections the latent space is found from an even sample of them, and every
 * section then takes part through one fold-in pass: training time stops growing with the
 * square of the vault while a few thousand sections already pin down the main dimensions.
 */
const DEFAULT_MAX_SVD_ROWS = 12_000;
/** A section's term that is not a feature, once terms are stored as 16-bit feature ids. */
const NOT_KEPT = 0xffff;
/** Stands in for a section's term list once it has been read for the last time. */
const SPENT = new Uint16Array(0);
const SPENT_IDS = new Int32Array(0);

export interface CooccurrenceModel {
  /** Chunk texts the model was trained on (before pieces of a section were rejoined). */
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

/**
 * Rejoins the pieces of sections that were too long for one chunk. The indexer gives chunk texts
 * in note order, each starting with its context line (the heading path); consecutive texts with
 * the same first line are one section, cut for storage only, and the lines a piece repeats from
 * the one before (the chunk overlap) are dropped. A section is the unit whose words belong
 * together: learning from its pieces would lose the words that co-occur across a cut and count
 * the overlap twice (measured on Cranfield: vector nDCG@10 0.401 on pieces, 0.426 on sections).
 */
export function joinSectionPieces(texts: readonly string[]): string[] {
  const sections: string[] = [];
  const joiner = new SectionJoiner((section) => sections.push(section));
  for (const text of texts) joiner.push(text);
  joiner.end();
  return sections;
}

/** joinSectionPieces one chunk text at a time, so a caller need hold neither every text nor every section. */
class SectionJoiner {
  private context: string | undefined;
  private single: string | undefined; // the section's only piece, kept as is (no copy of the text)
  private lines: string[] = [];

  constructor(private readonly visit: (section: string) => void) {}

  push(text: string): void {
    const newline = text.indexOf('\n');
    const first = newline < 0 ? text : text.slice(0, newline);
    if (this.context !== undefined && first !== '' && first === this.context) {
      if (this.single !== undefined) {
        this.lines = this.single.split('\n');
        this.single = undefined;
      }
      const body = newline < 0 ? [] : text.slice(newline + 1).split('\n');
      this.lines.push(...body.slice(repeatedLines(this.lines, body)));
      return;
    }
    this.end();
    this.context = first;
    this.single = text;
  }

  /** Hands over the section being joined, if any. */
  end(): void {
    if (this.single !== undefined) this.visit(this.single);
    else if (this.context !== undefined) this.visit(this.lines.join('\n'));
    this.context = undefined;
    this.single = undefined;
    this.lines = [];
  }
}

/** How many leading lines of `next` repeat the last lines of `previous` (0 when none do). */
function repeatedLines(previous: readonly string[], next: readonly string[]): number {
  const limit = Math.min(next.length, previous.length - 1, 40);
  for (let count = limit; count > 0; count -= 1) {
    let same = true;
    for (let index = 0; index < count && same; index += 1) same = previous[previous.length - count + index] === next[index];
    if (same && next.slice(0, count).some((line) => line.trim() !== '')) return count;
  }
  return 0;
}

/**
 * Trains on chunk texts (see joinSectionPieces for how pieces of one section are rejoined).
 * Returns undefined when they hold too little shared vocabulary to learn from.
 */
export function trainCooccurrenceModel(chunkTexts: readonly string[], options: CooccurrenceOptions = {}): CooccurrenceModel | undefined {
  const trainer = new CooccurrenceTrainer(options);
  for (const text of chunkTexts) trainer.add(text);
  return trainer.finish();
}

/**
 * trainCooccurrenceModel fed one chunk text at a time, in note order: each section is analysed
 * into term ids as soon as it is complete, so only those ids (a few bytes per word) are held
 * until training, never the texts (holding every section text of a 10k-note vault cost ~90 MB
 * at the indexer's peak). The same texts in the same order give the same model.
 */
export class CooccurrenceTrainer {
  private readonly table = new TermTable();
  private readonly docTerms: Int32Array[] = [];
  private termDf = new Int32Array(1024);
  private readonly lastSeen: number[] = [];
  private chunks = 0;
  private readonly joiner = new SectionJoiner((section) => this.addSection(section));

  constructor(private readonly options: CooccurrenceOptions = {}) {}

  add(chunkText: string): void {
    this.chunks += 1;
    this.joiner.push(chunkText);
  }

  /** Pass 1, one section: its term ids and the term document frequencies. */
  private addSection(text: string): void {
    const { table, lastSeen } = this;
    const doc = this.docTerms.length;
    const ids = Int32Array.from(analyze(text), (term) => table.idOf(term));
    this.docTerms.push(ids);
    if (this.termDf.length < table.terms.length) {
      const grown = new Int32Array(Math.max(table.terms.length, this.termDf.length * 2));
      grown.set(this.termDf);
      this.termDf = grown;
    }
    const termDf = this.termDf;
    for (const id of ids) {
      if (lastSeen[id] === doc) continue;
      lastSeen[id] = doc;
      termDf[id]! += 1;
    }
  }

  /**
   * The remaining passes. Peak memory matters here (it sets the indexer's): buffers are sized
   * exactly, reused, or single precision, and nothing sections x rank is ever held.
   */
  finish(): CooccurrenceModel | undefined {
    this.joiner.end();
    this.lastSeen.length = 0;
    return buildModel(this.table, this.docTerms, this.termDf, this.chunks, this.options);
  }
}

function buildModel(
  table: TermTable,
  docTerms: Int32Array[],
  termDf: Int32Array,
  chunkCount: number,
  options: CooccurrenceOptions,
): CooccurrenceModel | undefined {
  const dimension = options.rank ?? DEFAULT_RANK;
  const documents = docTerms.length;
  if (documents < 2) return undefined;
  table.ids.clear(); // ids are assigned; only the names are needed from here on
  const termCandidates: Array<[number, number]> = [];
  for (let id = 0; id < table.terms.length; id += 1) if (termDf[id]! >= MIN_DOCUMENT_FREQUENCY) termCandidates.push([id, termDf[id]!]);
  // Pair keys (first * termCount + second) must stay 31-bit integers for IntCountTable.
  const maxTerms = Math.min(options.maxTerms ?? DEFAULT_MAX_TERMS, 46_000);
  const keptTerms = keepMostWidespread(termCandidates, maxTerms, (id) => table.terms[id]!);
  const termFeature = new Int32Array(table.terms.length).fill(-1);
  keptTerms.forEach((id, index) => (termFeature[id] = index));
  // From here on only kept terms matter, and their feature ids fit 16 bits: half the memory.
  const sectionTerms: Uint16Array[] = [];
  let occurrences = 0;
  let keptOccurrences = 0;
  docTerms.forEach((ids, doc) => {
    const kept = new Uint16Array(ids.length);
    for (let index = 0; index < ids.length; index += 1) {
      const feature = termFeature[ids[index]!]!;
      kept[index] = feature < 0 ? NOT_KEPT : feature;
      if (feature >= 0) keptOccurrences += 1;
    }
    occurrences += ids.length;
    sectionTerms.push(kept);
    docTerms[doc] = SPENT_IDS; // free as we go
  });
  docTerms.length = 0;
  const coverage = occurrences === 0 ? 1 : keptOccurrences / occurrences;

  // Pass 2: document frequencies of pairs of kept terms (a pair is never more widespread than its terms).
  const termCount = keptTerms.length;
  const pairKey = (a: number, b: number) => a * termCount + b;
  const pairDf = new IntCountTable(1 << 16);
  const pairsInDoc = new Set<number>();
  for (const ids of sectionTerms) {
    pairsInDoc.clear();
    for (let index = 1; index < ids.length; index += 1) {
      const a = ids[index - 1]!;
      const b = ids[index]!;
      if (a !== NOT_KEPT && b !== NOT_KEPT) pairsInDoc.add(pairKey(a, b));
    }
    for (const key of pairsInDoc) pairDf.increment(key);
  }
  const pairName = (key: number) => table.terms[keptTerms[Math.floor(key / termCount)]!]! + PAIR_JOINER + table.terms[keptTerms[key % termCount]!]!;
  // Most widespread first; equal counts by key, which follows the (deterministic) term order.
  const pairCandidates: Array<[number, number]> = [];
  for (const [key, count] of pairDf.entries()) if (count >= MIN_DOCUMENT_FREQUENCY) pairCandidates.push([key, count]);
  pairCandidates.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const keptPairs = pairCandidates.slice(0, options.maxPairs ?? DEFAULT_MAX_PAIRS).map(([key]) => key);
  const pairFeature = new Map<number, number>();
  keptPairs.forEach((key, index) => pairFeature.set(key, termCount + index));

  const featureCount = termCount + keptPairs.length;
  if (featureCount < 2) return undefined;
  const features = [...keptTerms.map((id) => table.terms[id]!), ...keptPairs.map(pairName)];
  const df = new Float64Array(featureCount);
  keptTerms.forEach((id, index) => (df[index] = termDf[id]!));
  keptPairs.forEach((key, index) => (df[termCount + index] = pairDf.get(key)));

  // Pass 3: per-section feature counts into a sparse matrix (raw counts for now); global
  // frequencies and entropy sums on the way. A counting sweep sizes the matrix exactly first:
  // growing it by copies held up to 2.5 times its size at once, the peak of the whole training.
  const visitFeatures = (ids: Uint16Array, visit: (feature: number) => void) => {
    for (let index = 0; index < ids.length; index += 1) {
      const term = ids[index]!;
      if (term === NOT_KEPT) continue;
      visit(term);
      if (index === 0) continue;
      const previous = ids[index - 1]!;
      if (previous === NOT_KEPT) continue;
      const pair = pairFeature.get(pairKey(previous, term));
      if (pair !== undefined) visit(pair);
    }
  };
  const rowStart = new Int32Array(documents + 1);
  const lastRow = new Int32Array(featureCount).fill(-1);
  sectionTerms.forEach((ids, doc) => {
    let distinct = 0;
    visitFeatures(ids, (feature) => {
      if (lastRow[feature] === doc) return;
      lastRow[feature] = doc;
      distinct += 1;
    });
    rowStart[doc + 1] = rowStart[doc]! + distinct;
  });
  const entries = rowStart[documents]!;
  // Half the index memory whenever the ids fit in 16 bits, as they do with the default caps.
  const colIndex = featureCount <= 0x10000 ? new Uint16Array(entries) : new Int32Array(entries);
  const values = new Float32Array(entries);
  const globalFrequency = new Float64Array(featureCount);
  const sumTfLogTf = new Float64Array(featureCount);
  const rowCounts = new Int32Array(featureCount); // zero between rows
  sectionTerms.forEach((ids, doc) => {
    const start = rowStart[doc]!;
    let end = start;
    visitFeatures(ids, (feature) => {
      if (rowCounts[feature] === 0) colIndex[end++] = feature;
      rowCounts[feature]! += 1;
    });
    colIndex.subarray(start, end).sort();
    for (let entry = start; entry < end; entry += 1) {
      const feature = colIndex[entry]!;
      const tf = rowCounts[feature]!;
      rowCounts[feature] = 0;
      globalFrequency[feature]! += tf;
      sumTfLogTf[feature]! += tf * Math.log(tf);
      values[entry] = tf;
    }
    sectionTerms[doc] = SPENT; // free as we go
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
  const matrix: SparseRows = { rows: documents, cols: featureCount, rowStart, colIndex, values };

  const rank = Math.max(1, Math.min(dimension, featureCount - 1, documents - 1));
  const svdOptions = { iterations: options.iterations ?? 2, seed: options.seed ?? 1 };
  const maxSvdRows = options.maxSvdRows ?? DEFAULT_MAX_SVD_ROWS;
  const rawVectors =
    documents > maxSvdRows
      ? foldInFeatureVectors(matrix, truncatedSvd(selectRows(matrix, evenlySpaced(documents, maxSvdRows)), rank, svdOptions))
      : svdFeatureVectors(truncatedSvd(matrix, rank, svdOptions));
  const { projection, rowScales } = quantizeFeatureVectors(rawVectors, featureCount, dimension);
  // Chunks, not sections: the indexer's refresh policy counts chunks.
  return { documents: chunkCount, coverage, dimension, rank: rawVectors.rank, features, documentWeights, queryWeights, rowScales, projection };
}

/** Unquantised feature vectors v_f = V_k[f] * S^exponent, produced a block of features at a time. */
interface RawFeatureVectors {
  rank: number;
  /** Rows [first, first + count) as a count x rank matrix, written into `out` (reused across blocks). */
  rows(first: number, count: number, out: Float64Array): Float64Array;
}

/** Feature rows per block wherever a features x rank product is formed a block at a time. */
const BLOCK_ROWS = 2048;

/** From the SVD of the whole matrix: V_k S^e = basis * combine * S^(e - 1). */
function svdFeatureVectors(svd: TruncatedSvd): RawFeatureVectors {
  const { basis, width, combine, singularValues, rank } = svd;
  const mixT = new Float64Array(rank * width); // transposed, for multiplyByTransposed
  for (let a = 0; a < width; a += 1) {
    for (let c = 0; c < rank; c += 1) mixT[c * width + a] = combine[a * rank + c]! * singularValues[c]! ** (SINGULAR_VALUE_EXPONENT - 1);
  }
  return {
    rank,
    rows: (first, count, out) => multiplyByTransposed(basis.subarray(first * width, (first + count) * width), count, width, mixT, rank, out),
  };
}

/**
 * From the SVD of a sample of rows, extended to the whole matrix by one fold-in pass:
 * U = X V_k S^-1 for every row, then X^T U S^(e - 1) = V_k S^e for every feature, including
 * those the sample never saw. (Equivalently one more power step, on all of X.) X^T X W is
 * formed a row of X at a time, so the sections x rank matrix U is never held: a vault has
 * more sections than features.
 */
function foldInFeatureVectors(matrix: SparseRows, svd: TruncatedSvd): RawFeatureVectors {
  const { width, combine, singularValues, rank } = svd;
  // W = V_k S^-1 = basis * combine * S^-2, written over the basis itself (row f of W never
  // lands on a row of the basis not yet read, since rank <= width) to keep the peak down.
  const buffer = svd.basis;
  const mixT = new Float64Array(rank * width);
  for (let a = 0; a < width; a += 1) for (let c = 0; c < rank; c += 1) mixT[c * width + a] = combine[a * rank + c]! * singularValues[c]! ** -2;
  const block = new Float64Array(BLOCK_ROWS * rank);
  for (let first = 0; first < matrix.cols; first += BLOCK_ROWS) {
    const count = Math.min(BLOCK_ROWS, matrix.cols - first);
    multiplyByTransposed(buffer.subarray(first * width, (first + count) * width), count, width, mixT, rank, block);
    buffer.set(block.subarray(0, count * rank), first * rank);
  }
  const folded = sparseGramTimesDense(matrix, buffer.subarray(0, matrix.cols * rank), rank);
  const columnScale = Float64Array.from(singularValues, (value) => value ** (SINGULAR_VALUE_EXPONENT - 1));
  return {
    rank,
    rows: (first, count, out) => {
      for (let j = 0; j < count; j += 1) {
        for (let c = 0; c < rank; c += 1) out[j * rank + c] = folded[(first + j) * rank + c]! * columnScale[c]!;
      }
      return out;
    },
  };
}

function evenlySpaced(total: number, count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, index) => Math.floor((index * total) / count));
}

function selectRows(matrix: SparseRows, rows: Int32Array): SparseRows {
  let entries = 0;
  for (const row of rows) entries += matrix.rowStart[row + 1]! - matrix.rowStart[row]!;
  const rowStart = new Int32Array(rows.length + 1);
  const colIndex = matrix.colIndex instanceof Uint16Array ? new Uint16Array(entries) : new Int32Array(entries);
  const values = new Float32Array(entries);
  let at = 0;
  rows.forEach((row, index) => {
    const start = matrix.rowStart[row]!;
    const end = matrix.rowStart[row + 1]!;
    colIndex.set(matrix.colIndex.subarray(start, end), at);
    values.set(matrix.values.subarray(start, end), at);
    at += end - start;
    rowStart[index + 1] = at;
  });
  return { rows: rows.length, cols: matrix.cols, rowStart, colIndex, values };
}

/**
 * Damps each feature vector's length (LENGTH_DAMPING) and stores it as int8 with one scale per
 * row: a quarter of the memory of float32, and no difference a ranking notices.
 */
function quantizeFeatureVectors(raw: RawFeatureVectors, rows: number, dimension: number) {
  const { rank } = raw;
  const projection = new Int8Array(rows * dimension);
  const rowScales = new Float32Array(rows);
  const block = new Float64Array(BLOCK_ROWS * rank); // one small float64 intermediate, reused
  for (let first = 0; first < rows; first += BLOCK_ROWS) {
    const count = Math.min(BLOCK_ROWS, rows - first);
    const vectors = raw.rows(first, count, block);
    for (let j = 0; j < count; j += 1) {
      const vectorOffset = j * rank;
      let largest = 0;
      let squares = 0;
      for (let c = 0; c < rank; c += 1) {
        const value = vectors[vectorOffset + c]!;
        largest = Math.max(largest, Math.abs(value));
        squares += value * value;
      }
      if (largest === 0) continue;
      const step = largest / 127;
      rowScales[first + j] = step * Math.sqrt(squares) ** -LENGTH_DAMPING;
      const outOffset = (first + j) * dimension;
      for (let c = 0; c < rank; c += 1) projection[outOffset + c] = Math.round(vectors[vectorOffset + c]! / step);
    }
  }
  return { projection, rowScales };
}

interface FeatureLookup {
  /** Term -> feature id. */
  terms: Map<string, number>;
  /** (first term id * termCount + second term id) -> pair feature id. */
  pairs: Map<number, number>;
  termCount: number;
}

/** Built once per model (not serialised): numeric pair keys spare building a string per word pair. */
const LOOKUPS = new WeakMap<CooccurrenceModel, FeatureLookup>();

function lookupOf(model: CooccurrenceModel): FeatureLookup {
  let lookup = LOOKUPS.get(model);
  if (lookup) return lookup;
  const terms = new Map<string, number>();
  const pairs = new Map<number, number>();
  let termCount = 0;
  while (termCount < model.features.length && !isPair(model.features[termCount]!)) termCount += 1;
  for (let id = 0; id < termCount; id += 1) terms.set(model.features[id]!, id);
  for (let id = termCount; id < model.features.length; id += 1) {
    const [first, second] = model.features[id]!.split(PAIR_JOINER);
    const a = terms.get(first!);
    const b = terms.get(second!);
    if (a !== undefined && b !== undefined) pairs.set(a * termCount + b, id);
  }
  lookup = { terms, pairs, termCount };
  LOOKUPS.set(model, lookup);
  return lookup;
}

/**
 * Feature id -> count for one text: its known terms and known pairs of neighbouring terms.
 * Counts the text's term occurrences, known or not, into `tally` when given.
 */
function knownFeatureCounts(lookup: FeatureLookup, text: string, tally?: VocabularyTally): Map<number, number> {
  const counts = new Map<number, number>();
  let previous = -1;
  const terms = analyze(text);
  for (const term of terms) {
    const id = lookup.terms.get(term);
    if (id === undefined) {
      previous = -1;
      continue;
    }
    counts.set(id, (counts.get(id) ?? 0) + 1);
    if (previous >= 0) {
      const pair = lookup.pairs.get(previous * lookup.termCount + id);
      if (pair !== undefined) counts.set(pair, (counts.get(pair) ?? 0) + 1);
    }
    previous = id;
  }
  if (tally) {
    tally.terms += terms.length;
    for (const [id, count] of counts) if (id < lookup.termCount) tally.known += count;
  }
  return counts;
}

/**
 * The unit vector of a text, or undefined when none of its features is known to the model.
 * Chunks weigh log(1 + tf) * entropy weight; queries weigh each distinct feature by its idf.
 */
export function projectText(model: CooccurrenceModel, text: string, role: TextRole, tally?: VocabularyTally): Float32Array | undefined {
  const { dimension, projection, rowScales } = model;
  const sum = new Float64Array(dimension);
  for (const [id, tf] of knownFeatureCounts(lookupOf(model), text, tally)) {
    const weight = role === 'document' ? Math.log1p(tf) * model.documentWeights[id]! : model.queryWeights[id]!;
    const scaled = weight * rowScales[id]!;
    if (scaled === 0) continue;
    const offset = id * dimension;
    for (let c = 0; c < dimension; c += 1) sum[c]! += scaled * projection[offset + c]!;
  }
  return unitVector(sum);
}
