/**
 * Lists the notes of a vault. A folder that cannot be read, or a link that leads out of the
 * vault, becomes a recorded problem instead of failing the whole scan: one bad folder must
 * not hide every other note.
 *
 * Symlinks: a linked note inside the vault is listed under the link's path; a linked folder
 * is not descended (its notes are listed where they really are, and loops are impossible);
 * anything linking outside the vault is recorded and skipped.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createIgnoreFilter, IGNORE_FILE_NAME, type IgnoreFilter } from './ignore-rules';
import { VaultError } from './vault-errors';
import { dataDirRelativeTo, isInside, realVaultRoot, toVaultRelative } from './vault-fs';

export interface ScannedFile {
  /** Vault-relative POSIX path. */
  path: string;
  absolutePath: string;
  size: number;
  mtimeMs: number;
}

export interface ScanProblem {
  /** Vault-relative POSIX path of the folder, link or file that was skipped. */
  path: string;
  reason: string;
}

export interface ScanResult {
  /** Sorted by path. */
  files: ScannedFile[];
  problems: ScanProblem[];
}

export interface ScanOptions {
  /** Absolute data dir; when inside the vault it is never scanned. Default `<vault>/.vaultplane`. */
  dataDir?: string;
}

// Enough parallel file-system calls to keep libuv's thread pool busy without piling up handles.
const MAX_PARALLEL_FS_CALLS = 32;

export async function scanVault(vaultRoot: string, options: ScanOptions = {}): Promise<ScanResult> {
  const root = await realVaultRoot(vaultRoot);
  const problems: ScanProblem[] = [];
  const files: ScannedFile[] = [];
  const ignoreFileText = await readIgnoreFile(root, problems);
  const dataDirRelative = options.dataDir ? await dataDirRelativeTo(vaultRoot, root, options.dataDir) : undefined;
  const isIgnored = createIgnoreFilter({ ignoreFileText, dataDirRelative });
  const limit = createLimiter(MAX_PARALLEL_FS_CALLS);
  const context: WalkContext = { root, isIgnored, limit, files, problems };

  let rootEntries: Dirent[];
  try {
    rootEntries = await limit(() => readdir(root, { withFileTypes: true }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new VaultError('VAULT_UNREADABLE', `Vault folder '${vaultRoot}' cannot be read (${code}); check its permissions.`, { cause: error });
  }
  await visitEntries(context, '', rootEntries);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, problems };
}

interface WalkContext {
  root: string;
  isIgnored: IgnoreFilter;
  limit: Limiter;
  files: ScannedFile[];
  problems: ScanProblem[];
}

async function walkFolder(context: WalkContext, folder: string): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await context.limit(() => readdir(join(context.root, folder), { withFileTypes: true }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return; // removed while scanning
    context.problems.push({ path: folder, reason: `could not read folder (${code ?? (error as Error).message}); check its permissions` });
    return;
  }
  await visitEntries(context, folder, entries);
}

async function visitEntries(context: WalkContext, folder: string, entries: Dirent[]): Promise<void> {
  await Promise.all(
    entries.map((entry) => {
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return context.isIgnored(path, true) ? undefined : walkFolder(context, path);
      if (entry.isFile()) return context.isIgnored(path, false) ? undefined : addFile(context, path, join(context.root, path));
      if (entry.isSymbolicLink()) return visitLink(context, path);
      return undefined; // sockets, FIFOs, devices are never notes
    }),
  );
}

async function visitLink(context: WalkContext, path: string): Promise<void> {
  const { root, isIgnored, limit, problems } = context;
  const absolute = join(root, path);
  let target: string;
  try {
    target = await limit(() => realpath(absolute));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (path.endsWith('.md')) problems.push({ path, reason: `broken symbolic link (${code}); fix or remove it` });
    return;
  }
  const info = await limit(() => stat(target)).catch(() => undefined);
  if (!info || isIgnored(path, info.isDirectory())) return;
  if (!isInside(root, target)) {
    problems.push({ path, reason: `symbolic link to '${target}', which is outside the vault; not followed` });
    return;
  }
  if (info.isDirectory() || !info.isFile()) return;
  const targetFolder = dirname(toVaultRelative(root, target));
  if (targetFolder !== '.' && isIgnored(targetFolder, true)) {
    problems.push({ path, reason: 'symbolic link into a folder vaultplane ignores; not followed' });
    return;
  }
  context.files.push({ path, absolutePath: absolute, size: info.size, mtimeMs: info.mtimeMs });
}

async function addFile(context: WalkContext, path: string, absolute: string): Promise<void> {
  try {
    const info = await context.limit(() => stat(absolute));
    context.files.push({ path, absolutePath: absolute, size: info.size, mtimeMs: info.mtimeMs });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return; // deleted while scanning
    context.problems.push({ path, reason: `could not read file details (${code ?? (error as Error).message})` });
  }
}

async function readIgnoreFile(root: string, problems: ScanProblem[]): Promise<string | undefined> {
  try {
    return await readFile(join(root, IGNORE_FILE_NAME), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') problems.push({ path: IGNORE_FILE_NAME, reason: `could not read ${IGNORE_FILE_NAME} (${code}); its rules were not applied` });
    return undefined;
  }
}

type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `max` tasks at once; the rest wait in order. */
function createLimiter(max: number): Limiter {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running < max) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // the finishing task hands over its slot
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}
