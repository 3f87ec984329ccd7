import { packLines, type NumberedLine } from './pack-lines';
import { isBlankLine, splitLines } from './split-lines';
import type { NoteChunk, NoteHeading, ParsedNote } from './types';

export interface ChunkOptions {
  /** Upper bound on a chunk's text length; default 1500. */
  maxChars?: number;
  /** How much of a long section's previous chunk the next one repeats; default 200. */
  overlapChars?: number;
}

export const DEFAULT_MAX_CHARS = 1500;
export const DEFAULT_OVERLAP_CHARS = 200;
const MIN_MAX_CHARS = 20;

/**
 * Splits a note into heading sections (text before the first heading has headingPath ""),
 * and long sections into overlapping chunks cut at paragraph or line ends. Chunk text is
 * the file's own lines (heading line included, so a heading-only section is still found
 * by its heading; frontmatter never), joined by "\n"; startLine/endLine are file lines.
 *
 * A note with no body text gives one chunk holding just its title at line 1, so every
 * note can be found by search.
 */
export function chunkNote(note: ParsedNote, options: ChunkOptions = {}): NoteChunk[] {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const overlapChars = options.overlapChars ?? DEFAULT_OVERLAP_CHARS;
  if (!Number.isInteger(maxChars) || maxChars < MIN_MAX_CHARS) {
    throw new RangeError(`maxChars must be an integer of at least ${MIN_MAX_CHARS}; got ${maxChars}.`);
  }
  if (!Number.isInteger(overlapChars) || overlapChars < 0 || overlapChars >= maxChars) {
    throw new RangeError(`overlapChars must be an integer from 0 to maxChars - 1 (${maxChars - 1}); got ${overlapChars}.`);
  }

  const lines: NumberedLine[] = splitLines(note.body).map((text, index) => ({
    line: note.bodyStartLine + index,
    text,
  }));
  const chunks: NoteChunk[] = [];
  for (const section of sections(lines, note.headings, note.bodyStartLine)) {
    for (const piece of packLines(section.lines, { maxChars, overlapChars })) {
      const firstLine = piece[0];
      const lastLine = piece[piece.length - 1];
      if (!firstLine || !lastLine) continue;
      chunks.push({
        path: note.path,
        headingPath: section.headingPath,
        text: piece.map((entry) => entry.text).join('\n'),
        startLine: firstLine.line,
        endLine: lastLine.line,
        ordinal: chunks.length,
      });
    }
  }
  if (chunks.length === 0) {
    return [{ path: note.path, headingPath: '', text: note.title, startLine: 1, endLine: 1, ordinal: 0 }];
  }
  return chunks;
}

interface Section {
  headingPath: string;
  lines: NumberedLine[];
}

/** Cuts the body's lines at each heading; the path is the chain of enclosing headings. */
function sections(lines: NumberedLine[], headings: readonly NoteHeading[], bodyStartLine: number): Section[] {
  const bodyEndLine = bodyStartLine + lines.length - 1;
  const starts = [...headings]
    .filter((heading) => heading.line >= bodyStartLine && heading.line <= bodyEndLine)
    .sort((a, b) => a.line - b.line)
    .filter((heading, index, sorted) => index === 0 || sorted[index - 1]?.line !== heading.line);

  const result: Section[] = [];
  const take = (headingPath: string, fromLine: number, toLine: number): void => {
    const sectionLines = lines.slice(fromLine - bodyStartLine, toLine - bodyStartLine + 1);
    if (sectionLines.some((entry) => !isBlankLine(entry.text))) result.push({ headingPath, lines: sectionLines });
  };

  take('', bodyStartLine, (starts[0]?.line ?? bodyEndLine + 1) - 1);
  const open: NoteHeading[] = [];
  starts.forEach((heading, index) => {
    while (open.length > 0 && (open[open.length - 1]?.depth ?? 0) >= heading.depth) open.pop();
    open.push(heading);
    const path = open.map((entry) => entry.text).join(' > ');
    take(path, heading.line, (starts[index + 1]?.line ?? bodyEndLine + 1) - 1);
  });
  return result;
}
