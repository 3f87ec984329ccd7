/**
 * The file-system half of a guarded edit, shared by notes and Spec-Kit task lists: read a file
 * without following a link, and replace it atomically (temp file + rename in the same folder)
 * only if it still has the bytes the edit was based on. Callers word their own errors.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { hashContent } from './note-text';

/** A file as a guarded edit read it: the hash guards the write, the mode is kept by it. */
export interface GuardedFile {
  bytes: Buffer;
  hash: string;
  mode: number;
  mtimeMs: number;
}

/** Why a guarded read returned no file; `open` carries the errno code (ENOTDIR, ELOOP, EACCES…). */
export type GuardedReadFault = { kind: 'open'; code: string | undefined; error: unknown } | { kind: 'folder' } | { kind: 'too-large'; size: number };

/**
 * Maps a fault to the caller's error; null means "treat the file as absent".
 * ENOENT is always absent and never reaches it.
 */
export type GuardedReadFaultHandler = (fault: GuardedReadFault) => Error | null;

export type GuardedCommit = { ok: true } | { ok: false; currentHash: string | null };

export interface GuardedWriteOptions {
  /** How the re-check right before the rename reads the file; the same read the edit was based on. */
  readNow: () => Promise<GuardedFile | null>;
  /** Runs after the temp file is written and before the re-check; tests use it to play an editor saving in that gap. */
  beforeCommit?: (absolutePath: string) => Promise<void> | void;
}

export async function readGuardedFile(absolute: string, onFault: GuardedReadFaultHandler, maxBytes = Number.POSITIVE_INFINITY): Promise<GuardedFile | null> {
  let handle;
  try {
    handle = await open(absolute, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    return absentOrThrow(onFault({ kind: 'open', code, error }));
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return absentOrThrow(onFault({ kind: 'folder' }));
    if (info.size > maxBytes) return absentOrThrow(onFault({ kind: 'too-large', size: info.size }));
    const bytes = await handle.readFile();
    return { bytes, hash: hashContent(bytes), mode: info.mode, mtimeMs: info.mtimeMs };
  } finally {
    await handle.close();
  }
}

/**
 * Writes `bytes` to a temp file beside `absolute`, fsyncs it, re-checks that the file is still
 * `expected` (or still absent), then renames over it (or hard-links, which cannot clobber a
 * file created in the meantime). Not ok when it changed: nothing was written.
 */
export async function commitGuardedWrite(absolute: string, bytes: Buffer, expected: GuardedFile | null, options: GuardedWriteOptions): Promise<GuardedCommit> {
  const temp = join(dirname(absolute), `.${basename(absolute)}.${randomUUID().slice(0, 8)}.vaultplane-tmp`);
  const handle = await open(temp, 'wx', expected ? expected.mode & 0o7777 : 0o666);
  try {
    try {
      await handle.writeFile(bytes);
      if (expected) await handle.chmod(expected.mode & 0o7777);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeCommit?.(absolute);
    const now = await options.readNow();
    if ((now?.hash ?? null) !== (expected?.hash ?? null)) return { ok: false, currentHash: now?.hash ?? null };
    if (expected) {
      await rename(temp, absolute);
    } else if (!(await createExclusive(temp, absolute))) {
      return { ok: false, currentHash: (await options.readNow())?.hash ?? null };
    }
    await syncFolder(dirname(absolute));
    return { ok: true };
  } finally {
    // After a rename the temp name is gone; after a link or a refusal it must be removed.
    await unlink(temp).catch(() => undefined);
  }
}

function absentOrThrow(error: Error | null): null {
  if (error) throw error;
  return null;
}

/** Hard-links the finished temp file to the name: fails instead of replacing a file that appeared. */
async function createExclusive(temp: string, absolute: string): Promise<boolean> {
  try {
    await link(temp, absolute);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Some file systems (exFAT, some network mounts) have no hard links; the re-check just ran.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      await rename(temp, absolute);
      return true;
    }
    throw error;
  }
}

/** Makes the rename durable; some platforms cannot fsync a folder, which is fine to skip. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}
