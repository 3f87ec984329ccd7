/**
 * Where appended text goes in a note: at the end, or at the end of one heading's section.
 * Pure. Text is inserted at one offset and every other byte is kept, so mixed line endings,
 * a missing final newline or trailing blank lines survive an append untouched.
 */
import { HeadingNotFoundError } from './vault-errors';

export interface MarkdownHeading {
  depth: number;
  /** As written, without the `#` marks and closing sequence. */
  text: string;
  /** 0-based line index. */
  line: number;
}

export type LineEnding = '\n' | '\r\n';

interface Line {
  start: number;
  /** End of the content, before the line terminator. */
  end: number;
  /** Start of the next line; equals `end` when the line has no terminator. */
  next: number;
}

/** The file's style, taken from its first line break; LF when it has none. */
export function detectLineEnding(text: string): LineEnding {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
}

/** Appends `addition` as new lines at the end, keeping whether the file ended with a newline. */
export function appendAtEnd(text: string, addition: string): string {
  const eol = detectLineEnding(text);
  const added = normalizeAddition(addition, eol);
  if (text === '') return `${added}${eol}`;
  return /\r?\n$/.test(text) ? `${text}${added}${eol}` : `${text}${eol}${added}`;
}

/**
 * Appends `addition` at the end of the section under `heading` (matched by text, any level,
 * case-insensitively; a leading `##` in `heading` is ignored): after the section's last
 * non-blank line, so blank lines before the next heading stay where they were.
 */
export function appendUnderHeading(text: string, heading: string, addition: string, options: { notePath?: string } = {}): string {
  const lines = splitLines(text);
  const headings = findHeadingsInLines(text, lines);
  const wanted = normalizeHeadingText(heading.replace(/^\s*#+\s*/, ''));
  const index = headings.findIndex((candidate) => normalizeHeadingText(candidate.text) === wanted);
  const target = headings[index];
  if (!target) throw headingNotFound(heading, headings, options.notePath ?? 'The note');

  const nextSection = headings.slice(index + 1).find((candidate) => candidate.depth <= target.depth);
  let last = (nextSection?.line ?? lines.length) - 1;
  while (last > target.line && isBlank(text, lines[last]!)) last -= 1;

  const eol = detectLineEnding(text);
  const added = normalizeAddition(addition, eol);
  const line = lines[last]!;
  if (line.next > line.end) return `${text.slice(0, line.next)}${added}${eol}${text.slice(line.next)}`;
  return `${text}${eol}${added}`;
}

/** ATX headings outside frontmatter and fenced code blocks. */
export function findHeadings(text: string): MarkdownHeading[] {
  return findHeadingsInLines(text, splitLines(text));
}

function findHeadingsInLines(text: string, lines: Line[]): MarkdownHeading[] {
  const headings: MarkdownHeading[] = [];
  let index = frontmatterEnd(text, lines);
  let fence: { char: string; length: number } | undefined;
  for (; index < lines.length; index++) {
    const content = text.slice(lines[index]!.start, lines[index]!.end);
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(content);
    if (fence) {
      if (fenceMatch && fenceMatch[1]![0] === fence.char && fenceMatch[1]!.length >= fence.length && fenceMatch[2]!.trim() === '') fence = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = { char: fenceMatch[1]![0]!, length: fenceMatch[1]!.length };
      continue;
    }
    // `#tag` at the start of a line is an Obsidian tag, not a heading: a heading needs a space.
    const headingMatch = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/.exec(content);
    if (!headingMatch) continue;
    const title = (headingMatch[2] ?? '').replace(/(?:^|[ \t]+)#+[ \t]*$/, '').trim();
    headings.push({ depth: headingMatch[1]!.length, text: title, line: index });
  }
  return headings;
}

/** Index of the first line after a leading `---` frontmatter block, or 0. */
function frontmatterEnd(text: string, lines: Line[]): number {
  const first = lines[0];
  if (!first || text.slice(first.start, first.end).trimEnd() !== '---') return 0;
  for (let index = 1; index < lines.length; index++) {
    const content = text.slice(lines[index]!.start, lines[index]!.end).trimEnd();
    if (content === '---' || content === '...') return index + 1;
  }
  return 0;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      lines.push({ start, end: text.length, next: text.length });
      break;
    }
    const end = newline > start && text[newline - 1] === '\r' ? newline - 1 : newline;
    lines.push({ start, end, next: newline + 1 });
    start = newline + 1;
  }
  return lines;
}

function isBlank(text: string, line: Line): boolean {
  return text.slice(line.start, line.end).trim() === '';
}

function normalizeAddition(addition: string, eol: LineEnding): string {
  return addition.replace(/(?:\r?\n)+$/, '').replace(/\r?\n/g, eol);
}

function normalizeHeadingText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

function headingNotFound(heading: string, headings: MarkdownHeading[], notePath: string): HeadingNotFoundError {
  const available = headings.map((candidate) => candidate.text);
  const subject = notePath === 'The note' ? notePath : `Note '${notePath}'`;
  const message =
    available.length === 0
      ? `${subject} has no headings, so there is no '${heading}' to append under; append without a heading to add at the end.`
      : `${subject} has no heading '${heading}'. Its headings are: ${available.map((text) => `'${text}'`).join(', ')}. Pass one of them, or append without a heading to add at the end.`;
  return new HeadingNotFoundError(heading, available, message);
}
