/**
 * From a note's bytes to the chunk rows the index stores (minus vectors). Pure: the indexer
 * does the reading and the writing.
 */
import { chunkNote } from '../notes/chunker';
import { parseNote } from '../notes/note-parser';
import { frontmatterFieldTerms } from '../search/chunk-filter';
import { decodeNoteBytes, hashContent } from '../vault/note-text';
import type { FileStatus } from './file-status';
import type { ChunkRecord } from './lance-index';

export type PendingChunk = Omit<ChunkRecord, 'vector'>;

export interface PreparedNote {
  status: FileStatus;
  chunks: PendingChunk[];
}

export interface PrepareOptions {
  maxNoteBytes: number;
}

export const DEFAULT_MAX_NOTE_BYTES = 32 * 1024 * 1024;

/** The text the embedder sees: where the chunk sits, then what it says. */
export function embeddingText(chunk: PendingChunk): string {
  const context = chunk.headingPath.startsWith(chunk.title) ? chunk.headingPath : [chunk.title, chunk.headingPath].filter(Boolean).join(' > ');
  return context ? `${context}\n${chunk.text}` : chunk.text;
}

export function prepareNote(
  path: string,
  bytes: Uint8Array,
  mtimeMs: number,
  options: PrepareOptions = { maxNoteBytes: DEFAULT_MAX_NOTE_BYTES },
): PreparedNote {
  const contentHash = hashContent(bytes);
  const base = { path, contentHash, size: bytes.byteLength, mtimeMs, chunks: 0 };
  if (bytes.byteLength > options.maxNoteBytes) {
    const limitMb = Math.round(options.maxNoteBytes / (1024 * 1024));
    return { status: { ...base, state: 'skipped', reason: `note is larger than ${limitMb} MB; split it to make it searchable` }, chunks: [] };
  }
  const decoded = decodeNoteBytes(bytes);
  if (!decoded.ok) return { status: { ...base, state: 'skipped', reason: decoded.reason }, chunks: [] };

  const note = parseNote(path, decoded.text);
  const tags = note.tags;
  const fields = frontmatterFieldTerms(note.frontmatter);
  const chunks = chunkNote(note).map((chunk) => ({
    id: `${path}#${chunk.ordinal}`,
    path,
    title: note.title,
    headingPath: chunk.headingPath,
    text: chunk.text,
    startLine: chunk.startLine,
    endLine: chunk.endLine,
    ordinal: chunk.ordinal,
    tags,
    fields,
    contentHash,
    mtimeMs,
  }));
  const info = { title: note.title, tags, mtimeMs };
  const reason = note.frontmatterError ? `frontmatter ignored: ${note.frontmatterError}` : undefined;
  return { status: { ...base, ...info, state: 'indexed', chunks: chunks.length, ...(reason ? { reason } : {}) }, chunks };
}
