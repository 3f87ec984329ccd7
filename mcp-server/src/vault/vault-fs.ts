/**
 * The file-system half of the path jail: resolves symbolic links so a link inside the vault
 * cannot carry a read or write outside it. String rules live in `path-validation.ts`.
 */
import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { VaultError, VaultPathError } from './vault-errors';

export interface ResolveOptions {
  /** Throw `PATH_NOT_FOUND` unless the path exists. */
  mustExist?: boolean;
}

/** The vault folder with every symlink resolved; clear errors when it is missing or a file. */
export async function realVaultRoot(vaultRoot: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(vaultRoot);
  } catch (error) {
    throw vaultRootError(vaultRoot, error);
  }
  const info = await stat(real);
  if (!info.isDirectory()) {
    throw new VaultError('VAULT_NOT_FOUND', `Vault path '${vaultRoot}' is a file, not a folder; pass --vault DIR or set VAULT_PATH to the vault folder.`);
  }
  return real;
}

/**
 * Absolute path of `relPath` inside the vault after `realpath` of its deepest existing
 * ancestor. Refuses a path whose existing part leads outside the vault through a symlink,
 * and dangling symlinks (whose target a write would land on).
 */
export async function resolveInVault(vaultRoot: string, relPath: string, options: ResolveOptions = {}): Promise<string> {
  const root = await realVaultRoot(vaultRoot);
  if (isAbsolute(relPath)) {
    throw new VaultPathError('PATH_OUTSIDE_VAULT', `'${relPath}' is an absolute path; pass a path relative to the vault root.`);
  }
  const target = resolve(root, relPath);
  if (!isInside(root, target)) {
    throw new VaultPathError('PATH_OUTSIDE_VAULT', `'${relPath}' leads outside the vault; note paths must stay inside it.`);
  }

  const missing: string[] = [];
  let current = target;
  let real: string;
  for (;;) {
    try {
      real = await realpath(current);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') {
        throw new VaultPathError('PATH_INVALID', `'${relPath}' goes through a symbolic link loop; fix the link in the vault.`);
      }
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw withContext(error, `Could not resolve '${relPath}' in the vault`);
      await refuseDanglingLink(root, current, relPath);
      missing.unshift(basename(current));
      current = dirname(current);
    }
  }

  const resolved = join(real, ...missing);
  if (!isInside(root, resolved)) {
    throw new VaultPathError(
      'SYMLINK_OUTSIDE_VAULT',
      `'${relPath}' goes through a symbolic link to '${real}', which is outside the vault; only links that stay inside the vault can be used.`,
    );
  }
  if (options.mustExist && missing.length > 0) {
    throw new VaultError('PATH_NOT_FOUND', `'${relPath}' does not exist in the vault.`);
  }
  return resolved;
}

/** True when `candidate` is `root` or below it (both absolute, already resolved). */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The vault-relative POSIX form of an absolute path inside the (real) vault root. */
export function toVaultRelative(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

/**
 * The data dir relative to the real vault root, or undefined when it lies outside the vault.
 * It may not exist yet, and either path may go through a symlink, so both spellings are tried.
 */
export async function dataDirRelativeTo(vaultRoot: string, realRoot: string, dataDir: string): Promise<string | undefined> {
  const realDataDir = await realpath(dataDir).catch(() => resolve(dataDir));
  const candidates: Array<[string, string]> = [
    [realRoot, realDataDir],
    [resolve(vaultRoot), resolve(dataDir)],
  ];
  for (const [root, dir] of candidates) {
    if (isInside(root, dir) && root !== dir) return toVaultRelative(root, dir);
  }
  return undefined;
}

async function refuseDanglingLink(root: string, path: string, relPath: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isSymbolicLink()) return;
  const target = resolve(dirname(path), await readlink(path));
  if (!isInside(root, target)) {
    throw new VaultPathError('SYMLINK_OUTSIDE_VAULT', `'${relPath}' goes through a symbolic link to '${target}', which is outside the vault; only links that stay inside the vault can be used.`);
  }
  throw new VaultPathError('PATH_INVALID', `'${relPath}' goes through a broken symbolic link (to '${target}'); fix or remove the link.`);
}

function vaultRootError(vaultRoot: string, error: unknown): VaultError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new VaultError('VAULT_NOT_FOUND', `Vault folder '${vaultRoot}' does not exist; pass --vault DIR or set VAULT_PATH.`, { cause: error });
  }
  return new VaultError('VAULT_UNREADABLE', `Vault folder '${vaultRoot}' cannot be opened (${code ?? (error as Error).message}); check that it exists and that its permissions let you read it.`, { cause: error });
}

function withContext(error: unknown, context: string): Error {
  return new Error(`${context}: ${(error as Error).message}`, { cause: error });
}
