/**
 * Which vault paths are notes. The scanner and the watcher share this one filter so a file
 * is never indexed by one and dropped by the other. Pure: the caller reads `.vaultplaneignore`.
 */
import ignore from 'ignore';
import { DEFAULT_DATA_DIR_NAME } from './path-validation';

export const IGNORE_FILE_NAME = '.vaultplaneignore';

/** Folders that are never notes, at any depth: app config, trash, VCS, dependencies. */
export const ALWAYS_IGNORED_FOLDERS: readonly string[] = ['.obsidian', '.trash', '.git', 'node_modules'];

export interface IgnoreFilterOptions {
  /** Contents of `.vaultplaneignore` (gitignore syntax), if the vault has one. */
  ignoreFileText?: string;
  /** The data dir relative to the vault root, when it lies inside the vault. */
  dataDirRelative?: string;
}

/** True = skip. Folders are tested with `isDirectory` so folder-only patterns (`drafts/`) apply. */
export type IgnoreFilter = (relPath: string, isDirectory: boolean) => boolean;

export function createIgnoreFilter(options: IgnoreFilterOptions = {}): IgnoreFilter {
  const rules = ignore().add(options.ignoreFileText ?? '');
  const dataDirs = [DEFAULT_DATA_DIR_NAME, options.dataDirRelative]
    .filter((dir): dir is string => Boolean(dir))
    .map((dir) => dir.replace(/^\.\/+|\/+$/g, ''))
    .filter((dir) => dir !== '' && !dir.startsWith('..'));

  return (relPath, isDirectory) => {
    if (relPath === '' || relPath === '.') return false;
    if (relPath.startsWith('/') || relPath === '..' || relPath.startsWith('../')) return true;
    const segments = relPath.split('/');
    if (segments.some((segment) => ALWAYS_IGNORED_FOLDERS.includes(segment.toLowerCase()))) return true;
    if (dataDirs.some((dir) => relPath === dir || relPath.startsWith(`${dir}/`))) return true;
    if (!isDirectory && !relPath.endsWith('.md')) return true;
    return rules.ignores(isDirectory ? `${relPath}/` : relPath);
  };
}
