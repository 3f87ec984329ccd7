/**
 * Reads and writes notes for agents. Every path is jailed to the vault; every replace is
 * guarded by the hash the caller read, and re-checked right before the atomic rename, so an
 * agent never overwrites an edit a person saved in Obsidian in the meantime.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { appendAtEnd, appendUnderHeading } from './append-under-heading';
import { sliceLines } from './line-range';
import { decodeNoteBytes, encodeNoteText, hashContent } from './note-text';
import { PROCESS_PATH_LOCKS } from './path-locks';
import { assertNoteAccess, DEFAULT_DATA_DIR_NAME, normalizeNotePath, type NoteAccess } from './path-validation';
import { NoteConflictError, VaultError, VaultPathError } from './vault-errors';
import { dataDirRelativeTo, realVaultRoot, resolveInVault, toVaultRelative } from './vault-fs';

export const DEFAULT_MAX_WRITE_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_READ_BYTES = 64 * 1024 * 1024;
/** An append re-applies itself on the new text when the note changed under it, this many times. */
export const MAX_APPEND_ATTEMPTS = 5;

export interface NoteStoreOptions {
  /** Absolute data dir; when inside the vault, it can be neither read nor written. */
  dataDir?: string;
  /** Limit on the content of one write or append. Default 5 MB. */
  maxWriteBytes?: number;
  /** Notes larger than this are refused by `read` and cannot grow past it by `append`. Default 64 MB. */
  maxReadBytes?: number;
  /** Runs after the temp file is written and before the re-check; tests use it to play an editor saving in that gap. */
  beforeCommit?: (absolutePath: string) => Promise<void> | void;
}

export interface ReadNoteOptions {
  /** 1-based, inclusive. */
  startLine?: number;
  endLine?: number;
}

export interface NoteContent {
  path: string;
  /** The requested lines, with their original line endings. */
  content: string;
  /** SHA-256 of the whole file's bytes: pass it back as `expectedHash` to replace the note. */
  hash: string;
  totalLines: number;
  startLine: number;
  endLine: number;
  mtimeMs: number;
  size: number;
}

export interface WriteNoteOptions {
  /** The hash `read` returned; required to replace an existing note. */
  expectedHash?: string;
}

export interface AppendNoteOptions {
  /** Append at the end of this heading's section instead of the end of the note. */
  heading?: string;
  /** When given, the append is refused unless the note still has this hash. */
  expectedHash?: string;
}

export interface WriteNoteResult {
  path: string;
  /** Hash of the note as written. */
  hash: string;
  created: boolean;
}

interface CurrentFile {
  bytes: Buffer;
  hash: string;
  mode: number;
}

export class NoteStore {
  private readonly maxWriteBytes: number;
  private readonly maxReadBytes: number;
  private layout: Promise<{ root: string; dataDirRelative?: string }> | undefined;

  constructor(
    private readonly vaultRoot: string,
    private readonly options: NoteStoreOptions = {},
  ) {
    this.maxWriteBytes = options.maxWriteBytes ?? DEFAULT_MAX_WRITE_BYTES;
    this.maxReadBytes = options.maxReadBytes ?? DEFAULT_MAX_READ_BYTES;
  }

  async read(path: string, range: ReadNoteOptions = {}): Promise<NoteContent> {
    const note = await this.locateForRead(path);
    const handle = await open(note.absolute, constants.O_RDONLY | constants.O_NOFOLLOW).catch((error) => {
      throw this.openError(error, note.path);
    });
    try {
      const info = await handle.stat();
      if (info.isDirectory()) throw folderError(note.path);
      if (info.size > this.maxReadBytes) {
        throw new VaultError('NOTE_TOO_LARGE', `Note '${note.path}' is ${megabytes(info.size)} MB; vaultplane reads notes up to ${megabytes(this.maxReadBytes)} MB. Open it in Obsidian instead.`);
      }
      const bytes = await handle.readFile();
      const decoded = decodeNoteBytes(bytes);
      if (!decoded.ok) throw new VaultError('NOTE_UNREADABLE', `Note '${note.path}' cannot be read: ${decoded.reason}.`);
      const slice = sliceLines(decoded.text, range, note.path);
      return { path: note.path, ...slice, hash: hashContent(bytes), mtimeMs: info.mtimeMs, size: bytes.byteLength };
    } finally {
      await handle.close();
    }
  }

  async write(path: string, content: string, options: WriteNoteOptions = {}): Promise<WriteNoteResult> {
    this.checkText(content, 'content');
    const expectedHash = options.expectedHash?.trim().toLowerCase();
    const note = await this.locate(toWritableNotePath(path), 'write');
    return PROCESS_PATH_LOCKS.run(note.absolute.toLowerCase(), async () => {
      const current = await readCurrent(note.absolute, note.path);
      if (current && !expectedHash) {
        throw new NoteConflictError(
          note.path,
          current.hash,
          `Note '${note.path}' already exists; to replace it, read it with read_note and pass its hash as expectedHash (or use append_to_note to add to it).`,
        );
      }
      if (current && expectedHash !== current.hash) throw changedConflict(note.path, expectedHash!, current.hash);
      if (!current && expectedHash) throw deletedConflict(note.path, expectedHash);

      const bytes = encodeNoteText(content, current ? hasBom(current.bytes) : false);
      if (!current) await makeParentFolders(note.absolute, note.path);
      const committed = await this.commit(note.absolute, note.path, bytes, current);
      if (!committed.ok) {
        if (current) throw changedConflict(note.path, expectedHash!, committed.currentHash);
        throw new NoteConflictError(note.path, committed.currentHash, `Note '${note.path}' was created by someone else while you were writing it; read it with read_note and retry.`);
      }
      return { path: note.path, hash: hashContent(bytes), created: !current };
    });
  }

  async append(path: string, text: string, options: AppendNoteOptions = {}): Promise<WriteNoteResult> {
    this.checkText(text, 'text');
    if (text.trim() === '') throw new VaultError('CONTENT_INVALID', 'There is nothing to append: text is empty. Pass the lines to add.');
    const expectedHash = options.expectedHash?.trim().toLowerCase();
    const heading = options.heading?.trim() || undefined;
    const note = await this.locate(toWritableNotePath(path), 'write');
    return PROCESS_PATH_LOCKS.run(note.absolute.toLowerCase(), async () => {
      for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
        const current = await readCurrent(note.absolute, note.path);
        if (expectedHash && !current) throw deletedConflict(note.path, expectedHash);
        if (expectedHash && current && expectedHash !== current.hash) throw changedConflict(note.path, expectedHash, current.hash);
        if (!current && heading) {
          throw new VaultError('NOTE_NOT_FOUND', `Note '${note.path}' does not exist, so it has no heading '${heading}'; append without a heading to create the note.`);
        }

        const bytes = current ? this.appendedBytes(note.path, current.bytes, text, heading) : encodeNoteText(appendAtEnd('', text));
        if (!current) await makeParentFolders(note.absolute, note.path);
        const committed = await this.commit(note.absolute, note.path, bytes, current);
        if (committed.ok) return { path: note.path, hash: hashContent(bytes), created: !current };
        if (expectedHash) throw changedConflict(note.path, expectedHash, committed.currentHash);
        // Someone saved in between: an append does not depend on the old text, so redo it on the new one.
      }
      throw new NoteConflictError(note.path, null, `Note '${note.path}' kept changing while appending (${MAX_APPEND_ATTEMPTS} attempts); try again in a moment.`);
    });
  }

  private appendedBytes(path: string, bytes: Buffer, text: string, heading: string | undefined): Buffer {
    const decoded = decodeNoteBytes(bytes);
    if (!decoded.ok) throw new VaultError('NOTE_UNREADABLE', `Note '${path}' cannot be appended to: ${decoded.reason}.`);
    const next = heading ? appendUnderHeading(decoded.text, heading, text, { notePath: path }) : appendAtEnd(decoded.text, text);
    const encoded = encodeNoteText(next, decoded.hasBom);
    if (encoded.byteLength > this.maxReadBytes) {
      throw new VaultError('NOTE_TOO_LARGE', `Appending would make note '${path}' larger than ${megabytes(this.maxReadBytes)} MB; start a new note instead.`);
    }
    return encoded;
  }

  /**
   * Writes `bytes` to a temp file beside the note, fsyncs it, re-checks that the note is still
   * what we read (or still absent), then renames over it (or hard-links, which cannot clobber
   * a note created in the meantime).
   */
  private async commit(absolute: string, path: string, bytes: Buffer, expected: CurrentFile | null): Promise<{ ok: true } | { ok: false; currentHash: string | null }> {
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
      await this.options.beforeCommit?.(absolute);
      const now = await readCurrent(absolute, path);
      if ((now?.hash ?? null) !== (expected?.hash ?? null)) return { ok: false, currentHash: now?.hash ?? null };
      if (expected) {
        await rename(temp, absolute);
      } else {
        const created = await createExclusive(temp, absolute);
        if (!created) return { ok: false, currentHash: (await readCurrent(absolute, path))?.hash ?? null };
      }
      await syncFolder(dirname(absolute));
      return { ok: true };
    } finally {
      // After a rename the temp name is gone; after a link or a refusal it must be removed.
      await unlink(temp).catch(() => undefined);
    }
  }

  private checkText(text: unknown, field: string): asserts text is string {
    if (typeof text !== 'string') throw new VaultError('CONTENT_INVALID', `${field} must be a string of markdown.`);
    const size = Buffer.byteLength(text, 'utf8');
    if (size > this.maxWriteBytes) {
      throw new VaultError('NOTE_TOO_LARGE', `The ${field} is ${megabytes(size)} MB; one write is limited to ${megabytes(this.maxWriteBytes)} MB. Split it into several notes or appends.`);
    }
    if (text.includes('\0')) throw new VaultError('CONTENT_INVALID', `The ${field} contains NUL characters; notes must be plain text.`);
  }

  /** A note path without `.md` is tried with it first; a non-note file gets a clear refusal. */
  private async locateForRead(input: string): Promise<{ path: string; absolute: string }> {
    const path = normalizeNotePath(input);
    if (/\.md$/i.test(path)) return this.locate(path, 'read');
    const withSuffix = await this.locate(`${path}.md`, 'read');
    if (await kindOf(withSuffix.absolute)) return withSuffix;
    const asGiven = await this.locate(path, 'read').catch(() => undefined);
    const kind = asGiven && (await kindOf(asGiven.absolute));
    if (kind === 'folder') throw folderError(path);
    if (kind === 'file') {
      throw new VaultPathError('NOT_A_NOTE', `'${path}' is not a markdown note; only .md notes can be read. Use list_notes to find notes.`);
    }
    return withSuffix;
  }

  /** `path` is already normalised: decoding it again here would decode twice. */
  private async locate(path: string, access: NoteAccess): Promise<{ path: string; absolute: string }> {
    const { root, dataDirRelative } = await this.vaultLayout();
    assertNoteAccess(path, access, dataDirRelative);
    const absolute = await resolveInVault(root, path);
    // A link inside the vault may lead into a reserved folder: check where it really goes.
    const realPath = toVaultRelative(root, absolute);
    if (realPath !== path) assertNoteAccess(realPath, access, dataDirRelative);
    return { path, absolute };
  }

  private vaultLayout(): Promise<{ root: string; dataDirRelative?: string }> {
    this.layout ??= (async () => {
      const root = await realVaultRoot(this.vaultRoot);
      const dataDir = this.options.dataDir ?? join(this.vaultRoot, DEFAULT_DATA_DIR_NAME);
      return { root, dataDirRelative: await dataDirRelativeTo(this.vaultRoot, root, dataDir) };
    })();
    // A vault that is missing now may be created later: do not remember the failure.
    this.layout.catch(() => (this.layout = undefined));
    return this.layout;
  }

  private openError(error: unknown, path: string): Error {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return notFound(path);
    if (code === 'ELOOP') return new VaultPathError('PATH_INVALID', `Note '${path}' was replaced by a symbolic link while reading; read it again.`);
    if (code === 'EISDIR') return folderError(path);
    return new VaultError('NOTE_UNREADABLE', `Note '${path}' cannot be opened (${code ?? (error as Error).message}); check its permissions.`, { cause: error });
  }
}

/**
 * Writes only ever produce `.md` files. A name without an extension gets `.md`; a name that
 * looks like another file type is refused rather than silently turned into `x.json.md`.
 */
export function toWritableNotePath(input: string): string {
  const path = normalizeNotePath(input);
  if (/\.md$/i.test(path)) return path;
  const extension = /\.([a-z0-9]{1,8})$/i.exec(basename(path))?.[1];
  if (extension && /[a-z]/i.test(extension)) {
    throw new VaultPathError('NOT_A_NOTE', `Only .md notes can be written; '${path}' looks like a .${extension} file. To write a note with this name, pass '${path}.md'.`);
  }
  return `${path}.md`;
}

async function readCurrent(absolute: string, path: string): Promise<CurrentFile | null> {
  let handle;
  try {
    handle = await open(absolute, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw folderError(path);
    if (code === 'ENOTDIR') throw new VaultPathError('PATH_INVALID', `A file in '${path}' is where a folder should be; choose another path.`);
    if (code === 'ELOOP') throw new VaultPathError('PATH_INVALID', `Note '${path}' was replaced by a symbolic link; read it again and retry.`);
    throw new VaultError('NOTE_UNREADABLE', `Note '${path}' cannot be opened (${code ?? (error as Error).message}); check its permissions.`, { cause: error });
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw folderError(path);
    const bytes = await handle.readFile();
    return { bytes, hash: hashContent(bytes), mode: info.mode };
  } finally {
    await handle.close();
  }
}

/** Hard-links the finished temp file to the note's name: fails instead of replacing a note that appeared. */
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

async function makeParentFolders(absolute: string, path: string): Promise<void> {
  try {
    await mkdir(dirname(absolute), { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new VaultPathError('PATH_INVALID', `Cannot create '${path}': part of its folder path is a file; choose another path.`);
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

async function kindOf(absolute: string): Promise<'file' | 'folder' | undefined> {
  const info = await stat(absolute).catch(() => undefined);
  return info ? (info.isDirectory() ? 'folder' : 'file') : undefined;
}

function hasBom(bytes: Buffer): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function notFound(path: string): VaultError {
  return new VaultError('NOTE_NOT_FOUND', `Note '${path}' does not exist; use list_notes or search_notes to find it.`);
}

function folderError(path: string): VaultError {
  return new VaultError('NOT_A_NOTE', `'${path}' is a folder, not a note; use list_notes with folder '${path}' to see its notes.`);
}

function changedConflict(path: string, expectedHash: string, currentHash: string | null): NoteConflictError {
  if (currentHash === null) return deletedConflict(path, expectedHash);
  return new NoteConflictError(
    path,
    currentHash,
    `Note '${path}' changed since you read it (hash ${short(expectedHash)} is now ${short(currentHash)}); read it again and retry.`,
  );
}

function deletedConflict(path: string, expectedHash: string): NoteConflictError {
  return new NoteConflictError(
    path,
    null,
    `Note '${path}' was deleted since you read it (hash ${short(expectedHash)}); check with list_notes, and write it without expectedHash to create it again.`,
  );
}

function short(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
