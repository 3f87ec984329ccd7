/**
 * Reads and writes notes for agents. Every path is jailed to the vault; every replace is
 * guarded by the hash the caller read, and re-checked right before the atomic rename, so an
 * agent never overwrites an edit a person saved in Obsidian in the meantime.
 */
import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { appendAtEnd, appendUnderHeading } from './append-under-heading';
import { commitGuardedWrite, readGuardedFile, type GuardedCommit, type GuardedFile, type GuardedReadFault } from './guarded-file';
import { sliceLines } from './line-range';
import { decodeNoteBytes, encodeNoteText, hashContent, hasUtf8Bom, isWellFormedText } from './note-text';
import { withNoteLock } from './note-lock';
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
    const file = await readGuardedFile(note.absolute, (fault) => this.readFault(fault, note.path), this.maxReadBytes);
    if (!file) throw notFound(note.path);
    const decoded = decodeNoteBytes(file.bytes);
    if (!decoded.ok) throw new VaultError('NOTE_UNREADABLE', `Note '${note.path}' cannot be read: ${decoded.reason}.`);
    const slice = sliceLines(decoded.text, range, note.path);
    return { path: note.path, ...slice, hash: file.hash, mtimeMs: file.mtimeMs, size: file.bytes.byteLength };
  }

  async write(path: string, content: string, options: WriteNoteOptions = {}): Promise<WriteNoteResult> {
    this.checkText(content, 'content');
    const expectedHash = options.expectedHash?.trim().toLowerCase();
    const note = await this.locate(toWritableNotePath(path), 'write');
    return withNoteLock(note.absolute, async () => {
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

      const bytes = encodeNoteText(content, current ? hasUtf8Bom(current.bytes) : false);
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
    return withNoteLock(note.absolute, async () => {
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

  private commit(absolute: string, path: string, bytes: Buffer, expected: GuardedFile | null): Promise<GuardedCommit> {
    return commitGuardedWrite(absolute, bytes, expected, { readNow: () => readCurrent(absolute, path), beforeCommit: this.options.beforeCommit });
  }

  private checkText(text: unknown, field: string): asserts text is string {
    if (typeof text !== 'string') throw new VaultError('CONTENT_INVALID', `${field} must be a string of markdown.`);
    const size = Buffer.byteLength(text, 'utf8');
    if (size > this.maxWriteBytes) {
      throw new VaultError('NOTE_TOO_LARGE', `The ${field} is ${megabytes(size)} MB; one write is limited to ${megabytes(this.maxWriteBytes)} MB. Split it into several notes or appends.`);
    }
    if (text.includes('\0')) throw new VaultError('CONTENT_INVALID', `The ${field} contains NUL characters; notes must be plain text.`);
    if (!isWellFormedText(text)) {
      throw new VaultError('CONTENT_INVALID', `The ${field} is not valid Unicode (it holds a lone surrogate, which has no UTF-8 form); send it as UTF-8 text.`);
    }
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

  /** For `read`: a missing folder on the way means the note is not there. */
  private readFault(fault: GuardedReadFault, path: string): Error | null {
    if (fault.kind === 'folder') return folderError(path);
    if (fault.kind === 'too-large') {
      return new VaultError('NOTE_TOO_LARGE', `Note '${path}' is ${megabytes(fault.size)} MB; vaultplane reads notes up to ${megabytes(this.maxReadBytes)} MB. Open it in Obsidian instead.`);
    }
    if (fault.code === 'ENOTDIR') return null;
    if (fault.code === 'ELOOP') return new VaultPathError('PATH_INVALID', `Note '${path}' was replaced by a symbolic link while reading; read it again.`);
    return openFault(fault, path);
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

/** For writes: the note as it is now, or null when there is none yet. */
function readCurrent(absolute: string, path: string): Promise<GuardedFile | null> {
  return readGuardedFile(absolute, (fault) => {
    if (fault.kind !== 'open') return folderError(path);
    if (fault.code === 'ENOTDIR') return new VaultPathError('PATH_INVALID', `A file in '${path}' is where a folder should be; choose another path.`);
    if (fault.code === 'ELOOP') return new VaultPathError('PATH_INVALID', `Note '${path}' was replaced by a symbolic link; read it again and retry.`);
    return openFault(fault, path);
  });
}

function openFault(fault: { code: string | undefined; error: unknown }, path: string): VaultError {
  if (fault.code === 'EISDIR') return folderError(path);
  return new VaultError('NOTE_UNREADABLE', `Note '${path}' cannot be opened (${fault.code ?? (fault.error as Error).message}); check its permissions.`, { cause: fault.error });
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

async function kindOf(absolute: string): Promise<'file' | 'folder' | undefined> {
  const info = await stat(absolute).catch(() => undefined);
  return info ? (info.isDirectory() ? 'folder' : 'file') : undefined;
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
