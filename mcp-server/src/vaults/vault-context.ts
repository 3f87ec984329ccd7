/**
 * Everything the server holds for one vault: where it lives, its index, its note store and
 * its watcher. Built once at start; the tools reach a vault only through this.
 */
import type { EmbedderSource } from '../index/embedder-source';
import { VaultIndexer, type SyncProgress, type SyncReport } from '../index/vault-indexer';
import { VaultWatcher } from '../index/vault-watcher';
import { NoteStore } from '../vault/note-store';

export interface VaultConfig {
  /** The folder name, or a suffixed one when two vaults share a folder name. */
  name: string;
  root: string;
  dataDir: string;
}

export class VaultContext {
  readonly indexer: VaultIndexer;
  readonly notes: NoteStore;
  private watcher: VaultWatcher | undefined;
  private firstSync: Promise<SyncReport> | undefined;
  private firstSyncDone = false;

  constructor(
    readonly config: VaultConfig,
    embedderSource: EmbedderSource,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.indexer = new VaultIndexer({ vaultRoot: config.root, dataDir: config.dataDir, embedderSource });
    this.notes = new NoteStore(config.root, { dataDir: config.dataDir });
  }

  get name(): string {
    return this.config.name;
  }

  sync(onProgress?: (progress: SyncProgress) => void): Promise<SyncReport> {
    const running = this.indexer.sync(onProgress);
    if (!this.firstSync) {
      this.firstSync = running;
      running.then(
        () => (this.firstSyncDone = true),
        () => undefined,
      );
    }
    return running;
  }

  /**
   * Waits for the first sync so a search right after start answers from a complete index;
   * past `timeoutMs` it says how far indexing got instead of returning partial results.
   */
  async whenSearchable(timeoutMs: number): Promise<void> {
    if (this.firstSyncDone) return;
    if (!this.firstSync) throw new Error(`Vault '${this.name}' has not been indexed yet; the server indexes it at start.`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([this.firstSync.then(() => 'done' as const), timeout]).finally(() => clearTimeout(timer));
    if (outcome === 'timeout') {
      const summary = this.indexer.summary(this.name);
      throw new Error(
        `Vault '${this.name}' is still being indexed (${summary.indexed} notes so far); try again shortly, or call index_status to follow progress.`,
      );
    }
  }

  /** Starts re-indexing notes as they are saved, renamed or deleted. */
  async watch(): Promise<void> {
    this.watcher = new VaultWatcher({
      vaultRoot: this.config.root,
      dataDir: this.config.dataDir,
      onNoteChanged: (path) => this.onPathChanged(path),
      onError: (error) => this.log(`watcher (${this.name}): ${error.message}`),
    });
    await this.watcher.start();
  }

  /** Resolves once every change the watcher has seen is in the index (tests and benchmarks). */
  async settle(): Promise<void> {
    await this.watcher?.settle();
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    await this.indexer.close();
  }

  private async onPathChanged(path: string): Promise<void> {
    if (path.endsWith('.md')) return this.indexer.updateFile(path);
    // A folder went away or was renamed: re-check every note we knew under it.
    const prefix = `${path}/`;
    for (const status of this.indexer.allStatuses()) {
      if (status.path.startsWith(prefix)) await this.indexer.updateFile(status.path);
    }
  }
}
