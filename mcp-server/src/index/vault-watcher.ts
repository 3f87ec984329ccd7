/**
 * Watches a vault with chokidar and hands settled paths to the indexer. Editors save in
 * different ways (write in place, or write a temp file and rename over the note), so events
 * are collected per path and handled once the path has been quiet for a short while; the
 * indexer then looks at what is on disk, which makes every kind of save look the same.
 */
import { watch, type FSWatcher } from 'chokidar';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createIgnoreFilter, IGNORE_FILE_NAME } from '../vault/ignore-rules';
import { dataDirRelativeTo, realVaultRoot } from '../vault/vault-fs';

export interface VaultWatcherOptions {
  vaultRoot: string;
  dataDir: string;
  /** Called with a vault-relative POSIX path whose note changed, appeared or vanished. */
  onNoteChanged: (path: string) => Promise<void>;
  /** Quiet time before a path is handled. */
  debounceMs?: number;
  onError?: (error: Error) => void;
}

const DEFAULT_DEBOUNCE_MS = 60;

export class VaultWatcher {
  private watcher: FSWatcher | undefined;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly options: VaultWatcherOptions) {}

  async start(): Promise<void> {
    const { vaultRoot, dataDir } = this.options;
    const ignoreFileText = await readFile(join(vaultRoot, IGNORE_FILE_NAME), 'utf8').catch(() => undefined);
    // The scanner's rule for where the data dir sits, so both skip the same folder.
    const dataDirRelative = await dataDirRelativeTo(vaultRoot, await realVaultRoot(vaultRoot), dataDir);
    const isIgnored = createIgnoreFilter({ ignoreFileText, dataDirRelative });
    const toRelative = (absolute: string) => relative(vaultRoot, absolute).split(sep).join('/');
    this.watcher = watch(vaultRoot, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (absolute, stats) => {
        const path = toRelative(absolute);
        if (path === '' || path.startsWith('..')) return false;
        // Without stats chokidar asks before it knows the type: anything but a note may be a folder.
        return isIgnored(path, stats ? stats.isDirectory() : !path.endsWith('.md'));
      },
    });
    const onPath = (absolute: string) => this.schedule(toRelative(absolute));
    this.watcher.on('add', onPath).on('change', onPath).on('unlink', onPath);
    this.watcher.on('unlinkDir', (absolute) => this.schedule(toRelative(absolute)));
    this.watcher.on('error', (error) => this.options.onError?.(error as Error));
    await new Promise<void>((resolve) => this.watcher!.once('ready', () => resolve()));
  }

  /** Resolves when every change seen so far has been handed over and handled. */
  async settle(): Promise<void> {
    while (this.timers.size > 0 || this.inFlight.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      await Promise.all(this.inFlight);
    }
  }

  async close(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.watcher?.close();
    await Promise.all(this.inFlight);
  }

  private schedule(path: string): void {
    if (!path || path.startsWith('..')) return;
    const existing = this.timers.get(path);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.timers.delete(path);
      const work = this.options
        .onNoteChanged(path)
        .catch((error) => this.options.onError?.(error as Error))
        .finally(() => this.inFlight.delete(work));
      this.inFlight.add(work);
    }, this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    this.timers.set(path, timer);
  }
}
