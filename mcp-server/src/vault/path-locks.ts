/**
 * Serialises read-check-write cycles on one file inside this process. The hash re-check
 * before rename catches edits from other programs; this lock makes two writers in the same
 * process (two tool calls, or two NoteStores on one vault) take turns, so exactly one of two
 * writes based on the same hash wins.
 */
export class PathLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    try {
      await previous;
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** Shared by every NoteStore in the process: the lock must cover all writers of a file. */
export const PROCESS_PATH_LOCKS = new PathLocks();
