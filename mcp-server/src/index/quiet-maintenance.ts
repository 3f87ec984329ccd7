/**
 * Runs index maintenance (compaction) once the index has been quiet for a moment instead of
 * in the middle of a save. LanceDB's compaction rewrites the whole table (its fragments never
 * reach the 1M rows that would leave them alone): at 10k notes that is half a second and about
 * 90 MB of memory, which on the save path stalled the next save and stacked on top of the
 * searches running beside it. Waiting for a quiet moment keeps the two apart.
 */
export interface QuietMaintenanceOptions {
  /** How long nothing may have touched the index before maintenance runs. */
  quietMs: number;
  /** Whether maintenance is (still) needed. */
  isDue: () => boolean;
  /** Milliseconds since the index last served a query or took a write. */
  quietForMs: () => number;
  run: () => Promise<void>;
  onError: (error: Error) => void;
}

export class QuietMaintenance {
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: QuietMaintenanceOptions) {}

  /** Called after work that may have made maintenance due: plans a run for the next quiet moment. */
  poke(): void {
    if (this.closed || this.timer || !this.options.isDue()) return;
    this.wait(this.options.quietMs);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private wait(delayMs: number): void {
    this.timer = setTimeout(() => this.check(), delayMs);
    // Maintenance never keeps the process alive: the next start compacts anyway.
    this.timer.unref();
  }

  private check(): void {
    this.timer = undefined;
    if (this.closed || !this.options.isDue()) return;
    const quietFor = this.options.quietForMs();
    if (quietFor < this.options.quietMs) {
      this.wait(this.options.quietMs - quietFor);
      return;
    }
    this.options.run().catch((error) => this.options.onError(error as Error));
  }
}
