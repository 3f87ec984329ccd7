/**
 * Hands memory that native code freed back to the operating system. LanceDB's Rust code
 * allocates with glibc malloc, and glibc keeps freed chunks in its arenas unless they sit at
 * the very top of one: after a cold index of 10k notes about 110 MB of the server's RSS was
 * such free memory, and each burst of searches left another 60-90 MB. Only `malloc_trim(0)`
 * returns it. It is called through koffi (a C FFI that ships prebuilt binaries); where glibc
 * or koffi is missing (macOS, Windows, musl) nothing is trimmed and memory behaves as before.
 */
import { createRequire } from 'node:module';

type Trim = () => void;

export interface TrimTiming {
  /** Quiet time after native work before freed memory is trimmed: a burst trims once at its end. */
  quietMs: number;
  /** Longest time a busy stretch goes untrimmed: a trim costs a few ms, a long burst keeps growing. */
  busyMs: number;
}

const DEFAULT_TIMING: TrimTiming = { quietMs: 500, busyMs: 1000 };

function loadMallocTrim(): Trim | null {
  if (process.platform !== 'linux') return null;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    const mallocTrim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)') as (pad: number) => number;
    return () => void mallocTrim(0);
  } catch {
    // No glibc (musl) or no koffi binary for this platform: nothing to trim with.
    return null;
  }
}

export class NativeMemory {
  private timer: NodeJS.Timeout | undefined;
  /** When work began piling up since the last trim. */
  private busySince: number | undefined;

  constructor(
    private readonly trim: Trim | null = loadMallocTrim(),
    private readonly timing: TrimTiming = DEFAULT_TIMING,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether this platform can trim (Linux with glibc). */
  get canTrim(): boolean {
    return this.trim !== null;
  }

  /** Returns freed memory now: after work that frees a lot at once (building an index, a compaction). */
  releaseNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.busySince = undefined;
    this.trim?.();
  }

  /**
   * After a query or a write: trims once things have been quiet for a moment, or right after
   * the current work when it has been busy too long. Never in the middle of the caller's work.
   */
  releaseSoon(): void {
    if (!this.trim) return;
    const now = this.now();
    this.busySince ??= now;
    this.schedule(now - this.busySince >= this.timing.busyMs ? 0 : this.timing.quietMs);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.releaseNow(), delayMs);
    // A pending trim never keeps the process alive.
    this.timer.unref();
  }
}

/** One per process: every vault's LanceDB shares the same malloc arenas. */
export const nativeMemory = new NativeMemory();
