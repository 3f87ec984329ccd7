import { open, stat, unlink } from 'node:fs/promises';

// A lock file beside a shared file, so several processes (serve and a stdio mcp on one data
// dir) take turns. Created with O_EXCL; one left by a crashed process is taken over once it
// is older than any real hold.

const STALE_AFTER_MS = 10_000;
const WAIT_FOR_MS = 5_000;
const RETRY_MS = 5;

export class FileLockTimeoutError extends Error {
  readonly code = 'FILE_LOCK_TIMEOUT';
  /** How long the caller waited, and after how long a lock counts as left by a crashed process. */
  readonly waitedMs = WAIT_FOR_MS;
  readonly staleAfterMs = STALE_AFTER_MS;
}

export async function withFileLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_FOR_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const info = await stat(lockPath).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > STALE_AFTER_MS) {
        await unlink(lockPath).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) {
        throw new FileLockTimeoutError(`${lockPath} has been held for over ${WAIT_FOR_MS / 1000} s by another process; if none is running, delete the file.`);
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
  try {
    return await work();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}
