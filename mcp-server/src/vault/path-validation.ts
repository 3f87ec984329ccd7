/**
 * Turns a path an agent sent into a vault-relative POSIX path, or refuses it. Pure: string
 * rules only. `vault-fs.ts` adds the file-system half (symlinks) on top.
 *
 * Decisions:
 * - Percent-encoding is decoded exactly once. A result that still holds an encoded dot, slash,
 *   backslash or NUL was encoded twice, which only an attack needs; it is refused rather than
 *   taken as a literal name, so no later layer can be tricked by decoding it again.
 * - A backslash is a separator (Windows agents send `folder\note.md`), so `..\x` is traversal.
 * - Unicode look-alikes (full-width `．．`, `∕`) are ordinary characters: the path is never
 *   NFKC-normalised, so they stay names inside the vault.
 * - `~` at the start means a home folder to a shell and is refused; `~` elsewhere is a name.
 */
import { isWellFormedText } from './note-text';
import { VaultPathError } from './vault-errors';

export const DEFAULT_DATA_DIR_NAME = '.vaultplane';
export const MAX_PATH_LENGTH = 4096;

export type NoteAccess = 'read' | 'write';

/** Decodes, validates and normalises a note path; throws `VaultPathError`. */
export function normalizeNotePath(input: string): string {
  const path = normalizeVaultPath(input);
  if (path === '') throw new VaultPathError('PATH_INVALID', `The path '${input}' names the vault folder itself, not a note; pass a note path such as 'folder/note.md'.`);
  return path;
}

/** Like `normalizeNotePath`, but '', '.' and '/' mean the vault root and give ''. */
export function normalizeFolderPath(input: string): string {
  if (typeof input === 'string' && ['', '.', '/', '\\'].includes(input.trim())) return '';
  return normalizeVaultPath(input);
}

/**
 * Refuses paths a caller may not touch: the data dir (index, token) and `.git/` always;
 * for writes also `.obsidian/` and `.trash/`, which belong to Obsidian. Case-insensitive,
 * since the vault may live on a case-insensitive file system.
 */
export function assertNoteAccess(path: string, access: NoteAccess, dataDirRelative?: string): void {
  const lower = path.toLowerCase();
  const segments = lower.split('/');
  const dataDirs = [DEFAULT_DATA_DIR_NAME, ...(dataDirRelative ? [dataDirRelative.toLowerCase()] : [])];
  for (const dataDir of dataDirs) {
    if (lower === dataDir || lower.startsWith(`${dataDir}/`)) {
      throw new VaultPathError('PATH_RESERVED', `'${path}' is inside vaultplane's data folder '${dataDir}/', which holds the index and the access token; choose a note path outside it.`);
    }
  }
  if (segments.includes('.git')) {
    throw new VaultPathError('PATH_RESERVED', `'${path}' is inside a .git folder; notes there are not readable or writable through vaultplane.`);
  }
  if (access === 'write' && (segments[0] === '.obsidian' || segments[0] === '.trash')) {
    throw new VaultPathError('PATH_RESERVED', `'${path}' is inside ${segments[0]}/, which Obsidian manages; write the note somewhere else in the vault.`);
  }
}

function normalizeVaultPath(input: string): string {
  if (typeof input !== 'string') throw new VaultPathError('PATH_INVALID', 'The path must be a string such as "folder/note.md".');
  if (input.length > MAX_PATH_LENGTH) throw new VaultPathError('PATH_INVALID', `The path is ${input.length} characters long; the limit is ${MAX_PATH_LENGTH}.`);
  const decoded = decodeOnce(input);
  if (decoded.trim() === '') throw new VaultPathError('PATH_INVALID', 'The path is empty; pass a note path such as "folder/note.md".');
  if (/%(2e|2f|5c|00)/i.test(decoded)) {
    throw new VaultPathError('PATH_INVALID', `The path '${input}' is percent-encoded twice; send it plain or encoded once.`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded)) {
    throw new VaultPathError('PATH_INVALID', `The path '${printable(input)}' contains a NUL or control character; note paths are plain text.`);
  }
  if (!isWellFormedText(decoded)) {
    throw new VaultPathError('PATH_INVALID', `The path '${input}' is not valid Unicode (it holds a lone surrogate); send the name as plain UTF-8 text.`);
  }
  if (/^[\\/]/.test(decoded)) {
    throw new VaultPathError('PATH_OUTSIDE_VAULT', `'${input}' is an absolute path; pass a path relative to the vault root, such as 'folder/note.md'.`);
  }
  if (/^[a-z]:/i.test(decoded) || /^[a-z][a-z0-9+.-]*:\/\//i.test(decoded)) {
    throw new VaultPathError('PATH_OUTSIDE_VAULT', `'${input}' is a drive path or URL; pass a path relative to the vault root, such as 'folder/note.md'.`);
  }
  if (decoded.startsWith('~')) {
    throw new VaultPathError('PATH_OUTSIDE_VAULT', `'${input}' points into a home folder; pass a path relative to the vault root, such as 'folder/note.md'.`);
  }
  const segments = decoded.replaceAll('\\', '/').split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    throw new VaultPathError('PATH_OUTSIDE_VAULT', `'${input}' uses '..' to leave its folder; note paths must stay inside the vault.`);
  }
  return segments.join('/');
}

/** Decodes each run of `%XX` escapes once; a lone `%` (as in "100% done.md") stays literal. */
function decodeOnce(input: string): string {
  return input.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      throw new VaultPathError('PATH_INVALID', `The path '${input}' has percent-escapes that are not valid UTF-8; send the path as plain text.`);
    }
  });
}

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
