/**
 * One writer at a time per note, across processes as well as inside this one. The hash
 * re-check before the rename catches edits from other programs, but two vaultplane processes
 * on one vault (serve and an IDE's stdio server) could both pass it in the microseconds before
 * their renames and one edit was lost. A lock file beside the note, which every vaultplane
 * writer takes, closes that gap; editors such as Obsidian do not take it and stay covered by
 * the re-check alone.
 */
import { FileLockTimeoutError, withFileLock } from '@vaultplane/orchestrator';
import { basename, dirname, join } from 'node:path';
import { PROCESS_PATH_LOCKS, type PathLocks } from './path-locks';
import { VaultError } from './vault-errors';

/** A dot file beside the note, like the temp files of atomic writes: never a note itself. */
export function noteLockPath(absolute: string): string {
  return join(dirname(absolute), `.${basename(absolute)}.vaultplane-lock`);
}

export async function withNoteLock<T>(absolute: string, work: () => Promise<T>, locks: PathLocks = PROCESS_PATH_LOCKS): Promise<T> {
  return locks.run(absolute.toLowerCase(), async () => {
    let entered = false;
    try {
      return await withFileLock(noteLockPath(absolute), () => {
        entered = true;
        return work();
      });
    } catch (error) {
      // No folder yet, so no note to race on: creating one is exclusive on its own (a hard link).
      if (!entered && (error as NodeJS.ErrnoException).code === 'ENOENT') return work();
      // A busy note is a conflict the caller can retry, not a server fault.
      if (!entered && error instanceof FileLockTimeoutError) {
        throw new VaultError(
          'NOTE_BUSY',
          `Another vaultplane process has been writing ${basename(absolute)} for over ${error.waitedMs / 1000} s; try again shortly (a lock left by a crashed process, ${basename(noteLockPath(absolute))}, is taken over after ${error.staleAfterMs / 1000} s).`,
          { cause: error },
        );
      }
      throw error;
    }
  });
}
