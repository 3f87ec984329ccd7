import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { canonicalJson } from '../canonical-json';
import { loadPolicyFile } from './policy-file';
import { DEFAULT_POLICY, type Policy } from './policy-schema';

// The policy in force, reloaded when its file changes. A broken edit never replaces a working
// policy: it is reported and the previous one stays.

export interface PolicyStoreOptions {
  /** Undefined: the default policy, nothing to watch. */
  path?: string | undefined;
  /** Watch the file and reload on change (default true when a path is given). */
  watch?: boolean;
  onChange?: (policy: Policy, previous: Policy) => void;
  onError?: (error: Error) => void;
}

const DEBOUNCE_MS = 100;

export class PolicyStore {
  private policy: Policy;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<boolean> = Promise.resolve(false);

  private constructor(
    initial: Policy,
    private readonly options: PolicyStoreOptions,
  ) {
    this.policy = initial;
  }

  /** Throws InvalidPolicyError when the file exists and is broken: better not to start at all. */
  static async open(options: PolicyStoreOptions = {}): Promise<PolicyStore> {
    const initial = options.path === undefined ? DEFAULT_POLICY : await loadPolicyFile(options.path, { missingOk: true });
    const store = new PolicyStore(initial, options);
    if (options.path !== undefined && options.watch !== false) store.startWatching(options.path);
    return store;
  }

  get current(): Policy {
    return this.policy;
  }

  /** Reads the file again; true when the policy changed. Throws (keeping the old policy) when broken. */
  reload(): Promise<boolean> {
    const path = this.options.path;
    if (path === undefined) return Promise.resolve(false);
    // One reload at a time, in order.
    this.reloading = this.reloading.catch(() => false).then(async () => {
      const next = await loadPolicyFile(path, { missingOk: true });
      if (canonicalJson(next) === canonicalJson(this.policy)) return false;
      const previous = this.policy;
      this.policy = next;
      this.options.onChange?.(next, previous);
      return true;
    });
    return this.reloading;
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private startWatching(path: string): void {
    const name = basename(path);
    try {
      // The directory, not the file: editors replace files by renaming, which ends a file watch.
      this.watcher = watch(dirname(path), (_event, changed) => {
        if (changed !== null && changed.toString() !== name) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.reload().catch((error: unknown) => this.options.onError?.(error instanceof Error ? error : new Error(String(error))));
        }, DEBOUNCE_MS);
      });
      this.watcher.on('error', (error) => this.options.onError?.(error));
    } catch (error) {
      this.options.onError?.(new Error(`Cannot watch ${path} for changes (${String(error)}); restart to apply policy edits`));
    }
  }
}
