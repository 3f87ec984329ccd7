/**
 * Keeps one vault's LanceDB index in step with its notes: a full sync at start (only changed
 * notes are re-embedded), then single-file updates from the watcher. All writes to the index
 * go through one queue, so a sync and a watcher update never interleave.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedder, VocabularyTally } from '../embed/embedder';
import { hashContent } from '../vault/note-text';
import { scanVault } from '../vault/vault-scanner';
import type { CorpusStats, EmbedderSource } from './embedder-source';
import { summarizeStatuses, type FileStatus, type IndexSummary } from './file-status';
import { inPositionOrder } from './in-order';
import { LanceIndex, type ChunkRecord } from './lance-index';
import { DEFAULT_MAX_NOTE_BYTES, embeddingText, prepareNote, type PendingChunk, type PreparedNote } from './note-preparation';
import { QuietMaintenance } from './quiet-maintenance';

export interface SyncProgress {
  phase: 'scan' | 'read' | 'train' | 'embed' | 'done';
  filesDone: number;
  filesTotal: number;
  chunksDone: number;
}

export interface SyncReport {
  files: number;
  changed: number;
  removed: number;
  unchanged: number;
  chunksWritten: number;
  skipped: number;
  errors: number;
  /** Set when every note was re-embedded, and why. */
  reembedReason?: string;
  durationMs: number;
}

export interface VaultIndexerOptions {
  vaultRoot: string;
  dataDir: string;
  embedderSource: EmbedderSource;
  maxNoteBytes?: number;
  /** Notes embedded and written per batch during a sync. */
  batchSize?: number;
  /** Quiet time (no query, no write) the index waits for before it compacts. */
  maintenanceQuietMs?: number;
}

const STATUS_FILE = 'index-status.json';
const MAINTENANCE_QUIET_MS = 2000;
const EMBED_BATCH_CHUNKS = 256;
/** Enough reads in flight to hide file system latency, few enough to keep memory flat. */
const READ_CONCURRENCY = 16;

async function forEachConcurrently<T>(items: T[], limit: number, work: (item: T, position: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const position = next;
      next += 1;
      await work(items[position]!, position);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface ReadNote {
  path: string;
  prepared?: PreparedNote;
  failure?: FileStatus;
  /** Same hash as the status it was read against: not parsed, `prepared.chunks` is empty. */
  unchanged?: boolean;
}

export class VaultIndexer {
  private index: LanceIndex | undefined;
  private embedder: Embedder | undefined;
  private readonly statuses = new Map<string, FileStatus>();
  private queue: Promise<unknown> = Promise.resolve();
  private busyCount = 0;
  private lastSyncAt: string | undefined;
  private readonly maxNoteBytes: number;
  private readonly batchSize: number;
  private readonly maintenance: QuietMaintenance;

  constructor(private readonly options: VaultIndexerOptions) {
    this.maxNoteBytes = options.maxNoteBytes ?? DEFAULT_MAX_NOTE_BYTES;
    this.batchSize = options.batchSize ?? 200;
    this.maintenance = new QuietMaintenance({
      quietMs: options.maintenanceQuietMs ?? MAINTENANCE_QUIET_MS,
      isDue: () => this.index?.compactionDue() ?? false,
      quietForMs: () => this.index?.quietForMs() ?? 0,
      run: () =>
        this.exclusive(async () => {
          if (this.index?.compactionDue()) await this.index.compact();
        }),
      onError: (error) => process.stderr.write(`vaultplane: index compaction failed (retried after the next save): ${error.message}\n`),
    });
  }

  /** The index and embedder searches use; undefined until the first sync has opened them. */
  searchParts(): { index: LanceIndex; embedder: Embedder } | undefined {
    return this.index && this.embedder ? { index: this.index, embedder: this.embedder } : undefined;
  }

  statusOf(path: string): FileStatus | undefined {
    return this.statuses.get(path);
  }

  allStatuses(): FileStatus[] {
    return [...this.statuses.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  summary(vaultName: string): IndexSummary {
    return summarizeStatuses(this.statuses.values(), {
      vault: vaultName,
      embedder: this.embedder?.id ?? 'none yet',
      lastSyncAt: this.lastSyncAt,
      busy: this.busyCount > 0,
    });
  }

  /** Brings the index in line with the vault: new and changed notes in, deleted ones out. */
  sync(onProgress: (progress: SyncProgress) => void = () => {}): Promise<SyncReport> {
    return this.exclusive(() => this.runSync(onProgress));
  }

  /** Re-reads one note (after a save) or drops it (after a delete or rename). */
  updateFile(path: string): Promise<void> {
    return this.exclusive(() => this.runUpdate(path));
  }

  async close(): Promise<void> {
    this.maintenance.close();
    await this.queue.catch(() => undefined);
    if (this.statusSaveTimer) {
      clearTimeout(this.statusSaveTimer);
      this.statusSaveTimer = undefined;
      await this.saveStatuses().catch(() => undefined);
    }
    this.index?.close();
    this.index = undefined;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = async () => {
      this.busyCount += 1;
      try {
        return await work();
      } finally {
        this.busyCount -= 1;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runSync(onProgress: (progress: SyncProgress) => void): Promise<SyncReport> {
    const started = Date.now();
    const { vaultRoot, dataDir, embedderSource } = this.options;
    await mkdir(dataDir, { recursive: true });
    await this.loadStatuses();
    onProgress({ phase: 'scan', filesDone: 0, filesTotal: 0, chunksDone: 0 });
    const scan = await scanVault(vaultRoot, { dataDir });
    const filesTotal = scan.files.length;

    let reembedReason: string | undefined;
    let embedder = embedderSource.current();
    if (embedder) reembedReason = await this.openIndex(embedder);
    const indexed = (await this.index?.indexedHashes()) ?? new Map<string, string>();

    // Pass 1: read everything, since the content hash, not the mtime, decides what changed.
    // Only statuses are kept: holding every chunk (or every chunk text) of a big vault at once
    // is what made memory peak. When the built-in embedder must learn, it takes each note's
    // chunk texts as they are read, in vault order.
    const reads: ReadNote[] = new Array(scan.files.length);
    const coldTraining = embedder ? undefined : embedderSource.startRefresh();
    const train = coldTraining && inPositionOrder<string[]>((texts) => texts.forEach((text) => coldTraining.add(text)));
    let filesDone = 0;
    await forEachConcurrently(scan.files, READ_CONCURRENCY, async (file, position) => {
      const saved = this.statuses.get(file.path);
      const reusable = saved?.state === 'indexed' && indexed.has(file.path) && saved.contentHash === indexed.get(file.path) ? saved : undefined;
      const read = await this.readNote(file.path, reusable);
      train?.(read.prepared?.chunks.map(embeddingText) ?? [], position);
      if (read.prepared) read.prepared.chunks = [];
      reads[position] = read;
      filesDone += 1;
      if (filesDone % 100 === 0) onProgress({ phase: 'read', filesDone, filesTotal, chunksDone: 0 });
    });
    const present = new Set(reads.filter((read) => read.prepared || read.failure).map((read) => read.path));
    const removed = [...indexed.keys()].filter((path) => !present.has(path));
    const isUnchanged = (read: ReadNote) =>
      read.prepared?.status.state === 'indexed' && indexed.get(read.path) === read.prepared.status.contentHash;

    const stats = corpusStats(reads.map((read) => read.prepared?.status));
    let toWrite = reads.filter((read) => read.prepared?.status.state === 'indexed' && !isUnchanged(read));
    let trained = false;
    if (!embedder || embedderSource.needsRefresh(stats)) {
      trained = true;
      onProgress({ phase: 'train', filesDone, filesTotal, chunksDone: 0 });
      let training = coldTraining;
      if (!training) {
        // A model exists but the vault outgrew it: read every note once more for its texts.
        const retraining = embedderSource.startRefresh();
        const retrain = inPositionOrder<string[]>((texts) => texts.forEach((text) => retraining.add(text)));
        await forEachConcurrently(reads, READ_CONCURRENCY, async (read, position) => {
          retrain((await this.readNote(read.path)).prepared?.chunks.map(embeddingText) ?? [], position);
        });
        training = retraining;
      }
      const previous = embedder?.id;
      embedder = await training.finish();
      if (embedder.id !== previous) {
        reembedReason = (await this.openIndex(embedder)) ?? reembedReason;
        if (previous) reembedReason = `embedder retrained on the changed vault (${previous} → ${embedder.id})`;
        toWrite = reads.filter((read) => read.prepared?.status.state === 'indexed');
      }
    }
    this.embedder = embedder;
    const index = this.index!;

    // Pass 2: each batch of changed notes is read again, embedded and written, then let go.
    let chunksDone = 0;
    const written = new Map<string, ReadNote>();
    onProgress({ phase: 'embed', filesDone: 0, filesTotal: toWrite.length, chunksDone });
    await index.bulkLoad(async () => {
      for (let start = 0; start < toWrite.length; start += this.batchSize) {
        const batch: ReadNote[] = new Array(Math.min(this.batchSize, toWrite.length - start));
        await forEachConcurrently(toWrite.slice(start, start + batch.length), READ_CONCURRENCY, async (read, offset) => {
          batch[offset] = await this.readNote(read.path);
        });
        const pending = batch.flatMap((read) => (read.prepared?.status.state === 'indexed' ? read.prepared.chunks : []));
        const tallies = new Map<string, VocabularyTally>();
        const records = await this.embedChunks(embedder, pending, tallies);
        // Only notes the table already holds have rows to delete; a cold index skips that write.
        await index.replaceFiles(batch.map((read) => read.path).filter((path) => indexed.has(path)), records);
        chunksDone += records.length;
        for (const read of batch) {
          if (read.prepared) read.prepared = { status: withTally(read.prepared.status, tallies.get(read.path)), chunks: [] };
          written.set(read.path, read);
        }
        onProgress({ phase: 'embed', filesDone: start + batch.length, filesTotal: toWrite.length, chunksDone });
      }
      const failedPaths = reads.filter((read) => !read.prepared || read.prepared.status.state !== 'indexed').map((read) => read.path);
      await index.removeFiles([...removed, ...failedPaths.filter((path) => indexed.has(path))]);
    });
    // A note saved again between the two passes is recorded as it was written.
    for (let position = 0; position < reads.length; position += 1) {
      const fresh = written.get(reads[position]!.path);
      if (fresh) reads[position] = fresh;
    }

    const indexedAt = new Date().toISOString();
    const previousStatuses = new Map(this.statuses);
    this.statuses.clear();
    for (const read of reads) {
      const status = read.prepared?.status ?? read.failure;
      if (!status) continue;
      const carried = isUnchanged(read) ? previousStatuses.get(read.path)?.indexedAt : undefined;
      this.statuses.set(read.path, { ...status, ...(status.state === 'indexed' ? { indexedAt: carried ?? indexedAt } : {}) });
    }
    for (const problem of scan.problems) {
      this.statuses.set(problem.path, { path: problem.path, state: 'error', reason: problem.reason, chunks: 0 });
    }
    this.lastSyncAt = indexedAt;
    await this.saveStatuses();
    const report: SyncReport = {
      files: filesTotal,
      changed: toWrite.length,
      removed: removed.length,
      unchanged: reads.filter(isUnchanged).length,
      chunksWritten: chunksDone,
      skipped: [...this.statuses.values()].filter((status) => status.state === 'skipped').length,
      errors: [...this.statuses.values()].filter((status) => status.state === 'error').length,
      durationMs: Date.now() - started,
      ...(reembedReason ? { reembedReason } : {}),
    };
    if (!trained && embedderSource.needsRefresh(corpusStats(this.statuses.values()))) {
      // The notes embedded just now brought in wording the model does not know (their tallies
      // exist only from here on): sync once more, which retrains on the whole vault.
      const again = await this.runSync(onProgress);
      return { ...again, durationMs: Date.now() - started };
    }
    onProgress({ phase: 'done', filesDone: filesTotal, filesTotal, chunksDone });
    return report;
  }

  private async runUpdate(path: string): Promise<void> {
    const index = this.index;
    const embedder = this.embedder;
    if (!index || !embedder) return; // the first sync will pick the file up
    // A tool that wrote the note has usually indexed it already when the watcher reports the
    // same save: an unchanged hash ends here, before any parsing.
    const current = this.statuses.get(path);
    const read = await this.readNote(path, current?.state === 'indexed' ? current : undefined);
    if (read.unchanged) return;
    if (!read.prepared && !read.failure) {
      if (this.statuses.delete(path)) await index.removeFiles([path]);
    } else if (read.prepared && read.prepared.status.state === 'indexed') {
      const tallies = new Map<string, VocabularyTally>();
      const records = await this.embedChunks(embedder, read.prepared.chunks, tallies);
      await index.replaceFiles([path], records);
      // Its tally counts at the next sync, which retrains if the vault's wording moved away.
      this.statuses.set(path, { ...withTally(read.prepared.status, tallies.get(path)), indexedAt: new Date().toISOString() });
    } else {
      await index.removeFiles([path]);
      this.statuses.set(path, (read.prepared?.status ?? read.failure)!);
    }
    this.scheduleStatusSave();
    this.maintenance.poke();
  }

  /** Reads and prepares one note; a note that vanished mid-read yields neither field. */
  private async readNote(path: string, unlessUnchanged?: FileStatus): Promise<ReadNote> {
    const absolute = join(this.options.vaultRoot, path);
    try {
      const [bytes, info] = await Promise.all([readFile(absolute), stat(absolute)]);
      if (unlessUnchanged && hashContent(bytes) === unlessUnchanged.contentHash) {
        return { path, unchanged: true, prepared: { status: { ...unlessUnchanged, mtimeMs: info.mtimeMs }, chunks: [] } };
      }
      return { path, prepared: prepareNote(path, bytes, info.mtimeMs, { maxNoteBytes: this.maxNoteBytes }) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { path };
      return { path, failure: { path, state: 'error', reason: `could not read: ${(error as Error).message}`, chunks: 0 } };
    }
  }

  /** Embeds chunks; adds up, per note, the vocabulary tallies the embedder gives. */
  private async embedChunks(embedder: Embedder, chunks: PendingChunk[], tallies: Map<string, VocabularyTally>): Promise<ChunkRecord[]> {
    const records: ChunkRecord[] = [];
    for (let start = 0; start < chunks.length; start += EMBED_BATCH_CHUNKS) {
      const slice = chunks.slice(start, start + EMBED_BATCH_CHUNKS);
      const counted: VocabularyTally[] = [];
      const vectors = await embedder.embedDocuments(slice.map(embeddingText), counted);
      slice.forEach((chunk, offset) => {
        records.push({ ...chunk, vector: vectors[offset]! });
        const tally = counted[offset];
        if (!tally) return;
        const sum = tallies.get(chunk.path) ?? { terms: 0, known: 0 };
        sum.terms += tally.terms;
        sum.known += tally.known;
        tallies.set(chunk.path, sum);
      });
    }
    return records;
  }

  /** Opens the table for this embedder; returns why everything must be re-embedded, if it must. */
  private async openIndex(embedder: Embedder): Promise<string | undefined> {
    if (this.index && this.index.embedderId === embedder.id && this.index.dimension === embedder.dimension) return undefined;
    this.index?.close();
    const opened = await LanceIndex.open({ dataDir: this.options.dataDir, embedderId: embedder.id, dimension: embedder.dimension });
    this.index = opened.index;
    this.embedder = embedder;
    return opened.resetReason;
  }

  private statusSaveTimer: NodeJS.Timeout | undefined;

  private scheduleStatusSave(): void {
    if (this.statusSaveTimer) return;
    this.statusSaveTimer = setTimeout(() => {
      this.statusSaveTimer = undefined;
      this.saveStatuses().catch((error) => process.stderr.write(`vaultplane: could not save index status: ${error}\n`));
    }, 500);
    this.statusSaveTimer.unref();
  }

  private async saveStatuses(): Promise<void> {
    const target = join(this.options.dataDir, STATUS_FILE);
    const temporary = `${target}.${process.pid}.tmp`;
    const body = JSON.stringify({ lastSyncAt: this.lastSyncAt, embedder: this.embedder?.id, files: this.allStatuses() });
    await writeFile(temporary, body);
    await rename(temporary, target);
  }

  private async loadStatuses(): Promise<void> {
    const saved = await readStatusFile(this.options.dataDir);
    if (!saved) return;
    this.lastSyncAt = saved.lastSyncAt;
    for (const status of saved.files) this.statuses.set(status.path, status);
  }
}

/** A note's status with the vocabulary tally of its chunks, when the embedder gave one. */
function withTally(status: FileStatus, tally: VocabularyTally | undefined): FileStatus {
  return tally ? { ...status, terms: tally.terms, knownTerms: tally.known } : status;
}

/** What the embedder's refresh policy looks at: chunks now, and how much of their wording it knew. */
function corpusStats(statuses: Iterable<FileStatus | undefined>): CorpusStats {
  let documents = 0;
  let terms = 0;
  let known = 0;
  for (const status of statuses) {
    if (!status) continue;
    documents += status.chunks;
    if (status.state !== 'indexed' || status.terms === undefined) continue;
    terms += status.terms;
    known += status.knownTerms ?? 0;
  }
  return { documents, ...(terms > 0 ? { termCoverage: known / terms } : {}) };
}

export interface SavedStatus {
  lastSyncAt?: string;
  embedder?: string;
  files: FileStatus[];
}

/** Reads what the last sync recorded, for `vaultplane status` without a running server. */
export async function readStatusFile(dataDir: string): Promise<SavedStatus | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, STATUS_FILE), 'utf8')) as SavedStatus;
    return Array.isArray(parsed.files) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
