// The last answer of an expensive read, kept while nothing says it changed: the pod list that
// GET /pods serves, as Kubernetes serves lists from a watch cache instead of etcd.
//
// It is only used while enabled, i.e. while the engine's event stream is connected, and every
// event and every change the orchestrator makes itself invalidates it. `maxAgeMs` bounds how
// old an answer can be if an event is ever missed (the engine's replay buffer overflowed, or a
// clock skew hid an event at connect time), like an informer's resync period.
// Disabled, or with maxAgeMs 0, every call loads.

export interface SnapshotCacheOptions {
  maxAgeMs: number;
  /** Monotonic milliseconds; default performance.now. */
  now?: () => number;
}

export class SnapshotCache<T> {
  private enabled = false;
  private generation = 0;
  private cached: { value: T; generation: number; at: number } | undefined;
  private loading: { promise: Promise<T>; generation: number } | undefined;
  private readonly now: () => number;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly options: SnapshotCacheOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  /** On when the source of invalidations is connected; off (and emptied) when it is not. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.invalidate();
  }

  /** Something changed: the next get() loads, and a load already running is not kept. */
  invalidate(): void {
    this.generation++;
    this.cached = undefined;
  }

  async get(): Promise<T> {
    if (!this.enabled || this.options.maxAgeMs <= 0) return this.load();
    const cached = this.cached;
    if (cached !== undefined && cached.generation === this.generation && this.now() - cached.at < this.options.maxAgeMs) return cached.value;
    // Callers that arrive while a load that started after the last change runs share it.
    if (this.loading !== undefined && this.loading.generation === this.generation) return this.loading.promise;

    const generation = this.generation;
    // Its age counts from when the load started: the engine may have answered with older state.
    const at = this.now();
    const promise = this.load();
    this.loading = { promise, generation };
    try {
      const value = await promise;
      if (this.enabled && this.generation === generation) this.cached = { value, generation, at };
      return value;
    } finally {
      if (this.loading?.promise === promise) this.loading = undefined;
    }
  }
}
