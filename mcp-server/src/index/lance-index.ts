/**
 * The LanceDB adapter: the only file that imports @lancedb/lancedb. It stores note chunks with
 * their vectors, keeps a native full-text index on the text, and answers the two queries that
 * hybrid search fuses. The table's schema metadata records which embedder built it, so a change
 * of embedder is noticed when the table is opened and never mixes vectors.
 */
import * as lancedb from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Float64, Int32, List, Schema, Utf8 } from 'apache-arrow';
import { chunkFilterToSql, pathsInSql, type ChunkFilter } from '../search/chunk-filter';
import { nativeMemory } from './native-memory';

const TABLE_NAME = 'chunks';
const META_EMBEDDER = 'vaultplane.embedder';
const META_DIMENSION = 'vaultplane.dimension';
/** Small writes pile up fragments and versions; compacting after this many keeps queries fast. */
const WRITES_BETWEEN_COMPACTIONS = 50;
/**
 * Compaction waits for a quiet moment (see QuietMaintenance); under writes that never pause it
 * runs on the write path once this many have piled up. Every uncompacted fragment costs each
 * search about 0.2 ms at 10k notes (50 fragments: p50 18 → 27 ms), so this bounds that cost.
 */
const WRITES_BEFORE_FORCED_COMPACTION = 150;

export interface ChunkRecord {
  /** `<path>#<ordinal>`: unique per chunk. */
  id: string;
  path: string;
  title: string;
  headingPath: string;
  text: string;
  startLine: number;
  endLine: number;
  ordinal: number;
  tags: string[];
  /** Frontmatter scalars as `key=value` (lower-cased key), for equality filters. */
  fields: string[];
  contentHash: string;
  mtimeMs: number;
  vector: Float32Array;
}

export type StoredChunk = Omit<ChunkRecord, 'vector'>;

export interface RankedChunk extends StoredChunk {
  /** Higher is better for both lists: BM25 score, or cosine similarity. */
  score: number;
}

export interface LanceIndexOptions {
  dataDir: string;
  embedderId: string;
  dimension: number;
}

export interface OpenedIndex {
  index: LanceIndex;
  /** Set when the existing table was built by another embedder and was dropped. */
  resetReason?: string;
}

const STORED_COLUMNS = [
  'id',
  'path',
  'title',
  'headingPath',
  'text',
  'startLine',
  'endLine',
  'ordinal',
  'tags',
  'fields',
  'contentHash',
  'mtimeMs',
];

/**
 * LanceDB caches index pages and file metadata per session, 6 GB and 1 GB by default: far
 * more than a vault index needs, and it showed as RSS growing with every query. These bounds
 * keep a 10k-note vault's hot index in memory and no more.
 */
const INDEX_CACHE_BYTES = 64n * 1024n * 1024n;
const METADATA_CACHE_BYTES = 32n * 1024n * 1024n;

function boundedSession(): lancedb.Session {
  return new lancedb.Session(INDEX_CACHE_BYTES, METADATA_CACHE_BYTES);
}

function chunkSchema(embedderId: string, dimension: number): Schema {
  const strings = () => new List(new Field('item', new Utf8(), true));
  return new Schema(
    [
      new Field('id', new Utf8(), false),
      new Field('path', new Utf8(), false),
      new Field('title', new Utf8(), false),
      new Field('headingPath', new Utf8(), false),
      new Field('text', new Utf8(), false),
      new Field('startLine', new Int32(), false),
      new Field('endLine', new Int32(), false),
      new Field('ordinal', new Int32(), false),
      new Field('tags', strings(), true),
      new Field('fields', strings(), true),
      new Field('contentHash', new Utf8(), false),
      new Field('mtimeMs', new Float64(), false),
      new Field('vector', new FixedSizeList(dimension, new Field('item', new Float32(), true)), false),
    ],
    new Map([
      [META_EMBEDDER, embedderId],
      [META_DIMENSION, String(dimension)],
    ]),
  );
}

function filtered<Q extends { where(predicate: string): Q }>(query: Q, filter: ChunkFilter): Q {
  const where = chunkFilterToSql(filter);
  return where ? query.where(where) : query;
}

function toStoredChunk(row: Record<string, unknown>): StoredChunk {
  const list = (value: unknown): string[] =>
    value == null ? [] : Array.from(value as Iterable<unknown>, (item) => String(item));
  return {
    id: String(row.id),
    path: String(row.path),
    title: String(row.title),
    headingPath: String(row.headingPath),
    text: String(row.text),
    startLine: Number(row.startLine),
    endLine: Number(row.endLine),
    ordinal: Number(row.ordinal),
    tags: list(row.tags),
    fields: list(row.fields),
    contentHash: String(row.contentHash),
    mtimeMs: Number(row.mtimeMs),
  };
}

export class LanceIndex {
  private writesSinceCompaction = 0;
  /** When a query or write last touched the table (performance.now()). */
  private lastActivityAt = 0;
  /** While a bulk load runs, compaction waits for its end instead of running midway. */
  private bulkLoading = false;
  private ftsIndexReady: boolean;

  private constructor(
    private readonly connection: lancedb.Connection,
    private readonly table: lancedb.Table,
    readonly embedderId: string,
    readonly dimension: number,
    ftsIndexReady: boolean,
  ) {
    this.ftsIndexReady = ftsIndexReady;
  }

  /** Opens (or creates) the chunks table; drops it when another embedder built it. */
  static async open(options: LanceIndexOptions): Promise<OpenedIndex> {
    const connection = await lancedb.connect(options.dataDir, {}, boundedSession());
    const names = await connection.tableNames();
    let resetReason: string | undefined;
    if (names.includes(TABLE_NAME)) {
      const table = await connection.openTable(TABLE_NAME);
      const metadata = (await table.schema()).metadata;
      const builtBy = metadata.get(META_EMBEDDER);
      const builtDimension = Number(metadata.get(META_DIMENSION));
      if (builtBy === options.embedderId && builtDimension === options.dimension) {
        const indices = await table.listIndices();
        const hasFts = indices.some((index) => index.indexType === 'FTS');
        return { index: new LanceIndex(connection, table, options.embedderId, options.dimension, hasFts) };
      }
      resetReason =
        `index was built by embedder '${builtBy ?? 'unknown'}' (dimension ${builtDimension || '?'}); ` +
        `now '${options.embedderId}' (dimension ${options.dimension}): re-embedding every note`;
      table.close();
      await connection.dropTable(TABLE_NAME);
    }
    const table = await connection.createEmptyTable(TABLE_NAME, chunkSchema(options.embedderId, options.dimension));
    return { index: new LanceIndex(connection, table, options.embedderId, options.dimension, false), resetReason };
  }

  /** The content hash each indexed note's chunks came from, by path. */
  async indexedHashes(): Promise<Map<string, string>> {
    const rows = await this.table.query().select(['path', 'contentHash']).toArray();
    return new Map(rows.map((row) => [String(row.path), String(row.contentHash)]));
  }

  /** Replaces all chunks of the given files (a file with no chunks is just removed). */
  async replaceFiles(pathsToClear: string[], chunks: ChunkRecord[]): Promise<void> {
    if (pathsToClear.length > 0) await this.removeFiles(pathsToClear);
    if (chunks.length > 0) {
      // LanceDB takes Float32Array vectors as they are; the spread gives rows the record type it wants.
      await this.table.add(chunks.map((chunk) => ({ ...chunk })));
      // A vault that started empty gets its full-text index with its first note, not 50 writes later.
      if (!this.ftsIndexReady && !this.bulkLoading) await this.ensureFullTextIndex();
      await this.noteWrite();
    }
  }

  async removeFiles(paths: string[]): Promise<void> {
    if (paths.length === 0) return;
    // Keep predicates bounded: a huge IN list is slow to plan.
    for (let start = 0; start < paths.length; start += 500) {
      await this.table.delete(pathsInSql(paths.slice(start, start + 500)));
    }
    await this.noteWrite();
  }

  /** Builds the full-text index once there is data; later rows are searched unindexed until compaction. */
  private async ensureFullTextIndex(): Promise<void> {
    if (this.ftsIndexReady) return;
    if ((await this.table.countRows()) === 0) return;
    await this.table.createIndex('text', {
      config: lancedb.Index.fts({
        baseTokenizer: 'simple',
        lowercase: true,
        stem: true,
        language: 'English',
        removeStopWords: true,
        asciiFolding: true,
      }),
      replace: true,
    });
    this.ftsIndexReady = true;
  }

  /** Folds recent writes into the indexes and drops old versions. */
  async compact(): Promise<void> {
    // Each step frees what it used before the next one starts, so their peaks do not stack.
    nativeMemory.releaseNow();
    await this.ensureFullTextIndex();
    nativeMemory.releaseNow();
    await this.table.optimize({ cleanupOlderThan: new Date() });
    nativeMemory.releaseNow();
    // Only now: a compaction that failed is still due.
    this.writesSinceCompaction = 0;
  }

  async fullTextSearch(query: string, limit: number, filter: ChunkFilter = {}): Promise<RankedChunk[]> {
    if (!this.ftsIndexReady) return [];
    const search = this.table
      .query()
      .fullTextSearch(new lancedb.MatchQuery(query, 'text'))
      .select([...STORED_COLUMNS, '_score'])
      .limit(limit);
    const rows = await filtered(search, filter).toArray();
    this.noteActivity();
    return rows.map((row) => ({ ...toStoredChunk(row), score: Number(row._score) }));
  }

  async vectorSearch(vector: Float32Array, limit: number, filter: ChunkFilter = {}): Promise<RankedChunk[]> {
    const search = this.table
      .query()
      .nearestTo(vector)
      .distanceType('cosine')
      .select([...STORED_COLUMNS, '_distance'])
      .limit(limit);
    const rows = await filtered(search, filter).toArray();
    this.noteActivity();
    return rows.map((row) => ({ ...toStoredChunk(row), score: 1 - Number(row._distance) }));
  }

  /** LanceDB's own hybrid query with its RRF reranker: the yardstick the search benchmark compares against. */
  async nativeHybridSearch(query: string, vector: Float32Array, limit: number): Promise<StoredChunk[]> {
    const reranker = await lancedb.rerankers.RRFReranker.create();
    const rows = await this.table
      .query()
      .fullTextSearch(new lancedb.MatchQuery(query, 'text'))
      .nearestTo(vector)
      .distanceType('cosine')
      .rerank(reranker)
      .select(STORED_COLUMNS)
      .limit(limit)
      .toArray();
    this.noteActivity();
    return rows.map(toStoredChunk);
  }

  close(): void {
    this.table.close();
    this.connection.close();
  }

  /** Runs `work` as one bulk load: no compaction until it ends, then one. */
  async bulkLoad<T>(work: () => Promise<T>): Promise<T> {
    this.bulkLoading = true;
    try {
      return await work();
    } finally {
      this.bulkLoading = false;
      await this.compact();
    }
  }

  /** True once enough small writes have piled up that a compaction is worth its cost. */
  compactionDue(): boolean {
    return !this.bulkLoading && this.writesSinceCompaction >= WRITES_BETWEEN_COMPACTIONS;
  }

  /** Milliseconds since a query or write last touched the table. */
  quietForMs(): number {
    return performance.now() - this.lastActivityAt;
  }

  private noteActivity(): void {
    this.lastActivityAt = performance.now();
    nativeMemory.releaseSoon();
  }

  private async noteWrite(): Promise<void> {
    this.noteActivity();
    this.writesSinceCompaction += 1;
    if (!this.bulkLoading && this.writesSinceCompaction >= WRITES_BEFORE_FORCED_COMPACTION) await this.compact();
  }
}
