import { tidyHeadingText, type MarkdownStructure } from './markdown-structure';
import { LINE_BREAK } from './split-lines';

export interface LineScan extends MarkdownStructure {
  /**
   * True when the note uses none of the constructs this scanner only approximates, so
   * its result equals remark's (a property test holds the two to that). Plain prose with
   * ATX headings, lists, links and paired inline code is exact.
   */
  exact: boolean;
}

// Container markers (blockquote `>`, list bullets and numbers) that may precede a fence.
const CONTAINERS = String.raw`(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]+)*`;
const FENCE_OPEN = new RegExp(String.raw`^[ \t]*${CONTAINERS}(\`{3,}|~{3,})(.*)$`);
const FENCE_CLOSE = new RegExp(String.raw`^[ \t]*${CONTAINERS}(\`{3,}|~{3,})[ \t]*$`);
// A fence that opens at column 0 and closes at column 0..3 is read by remark exactly as here.
const TOP_LEVEL_FENCE_OPEN = /^(?:`{3,}|~{3,})/;
const TOP_LEVEL_FENCE_CLOSE = /^ {0,3}(?:`{3,}|~{3,})[ \t]*$/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?=[ \t]|$)(.*)$/;
const ATX_CLOSING = /(?:^|[ \t]+)#+[ \t]*$/;

// Signs that remark could read the note differently from this scanner.
const HEADING_MARKUP = /[*_`\\[\]<\u0000]|&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i;
const HTML_START = /<[A-Za-z!/?]/;
const ESCAPED_BACKTICK = /\\`/;
// Backticks in a link destination or title are not code to remark: `[a](x`y`)`.
const LINK_WITH_BACKTICK = /\]\([^)]*`/;
const INDENTED = /^(?: {4}|[ ]{0,3}\t)/;
const NOTE_SYNTAX = /#|\[\[/;
// Any indentation: inside a list item a tab-indented `-` still underlines a heading.
const SETEXT_UNDERLINE = /^[ \t]*(?:>[ \t]*)*(?:=+|-+)[ \t]*$/;
const CONTAINER_HEADING = /^[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)+#{1,6}(?:[ \t]|$)/;
const CONTAINER_INDENTED_CODE = /^[ \t]*(?:(?:>[ \t]?)+(?: {4}|\t)|(?:[-*+]|\d{1,9}[.)])(?: {5,}|\t))/;

/**
 * A line-at-a-time reading of markdown structure: ATX headings, fenced code (also inside
 * lists and quotes), inline code paired within a line, and HTML comments. It is linear and
 * needs little memory, so it serves huge notes that remark cannot parse in reasonable
 * memory (remark holds ~150 bytes of tree per byte of text). For those it is an
 * approximation: it does not see setext headings, indented code, HTML blocks, or code
 * spans that cross lines.
 */
export function scanLines(markdown: string): LineScan {
  const headings: LineScan['headings'] = [];
  const codeRanges: LineScan['codeRanges'] = [];
  let exact = true;
  let fence: { char: string; length: number; start: number; topLevel: boolean } | null = null;
  let commentStart = -1;
  let previousBlank = true;

  const lineBreak = new RegExp(LINE_BREAK.source, 'g');
  let start = 0;
  let lineNumber = 0;
  while (start <= markdown.length) {
    lineBreak.lastIndex = start;
    const match = lineBreak.exec(markdown);
    const end = match ? match.index : markdown.length;
    const next = match ? end + match[0].length : markdown.length + 1;
    const line = markdown.slice(start, end);
    lineNumber += 1;

    if (fence) {
      const close = FENCE_CLOSE.exec(line);
      const marker = close?.[1];
      if (marker && marker[0] === fence.char && marker.length >= fence.length) {
        if (!fence.topLevel || !TOP_LEVEL_FENCE_CLOSE.test(line)) exact = false;
        codeRanges.push([fence.start, end]);
        fence = null;
      }
    } else if (commentStart >= 0) {
      const close = line.indexOf('-->');
      if (close >= 0) {
        codeRanges.push([commentStart, start + close + 3]);
        commentStart = -1;
      }
    } else {
      const open = FENCE_OPEN.exec(line);
      const marker = open?.[1];
      if (marker && !(marker[0] === '`' && (open[2] ?? '').includes('`'))) {
        const topLevel = TOP_LEVEL_FENCE_OPEN.test(line);
        fence = { char: marker[0] ?? '`', length: marker.length, start, topLevel };
        if (!topLevel) exact = false;
      } else {
        const heading = ATX_HEADING.exec(line);
        if (heading) {
          const content = (heading[2] ?? '').replace(ATX_CLOSING, '');
          headings.push({ depth: heading[1]?.length ?? 1, text: tidyHeadingText(content), line: lineNumber });
          if (exact && HEADING_MARKUP.test(content)) exact = false;
        }
        const spansBefore = codeRanges.length;
        if (scanInlineCode(line, start, codeRanges)) exact = false;
        if (exact && !isPlainLine(line, withoutCode(line, start, codeRanges.slice(spansBefore)), previousBlank)) {
          exact = false;
        }
        commentStart = scanComments(line, start, codeRanges);
      }
    }
    previousBlank = line.trim() === '' || fence !== null;
    start = next;
  }
  // An unclosed fence or comment runs to the end of the note, as in CommonMark.
  if (fence) codeRanges.push([fence.start, markdown.length]);
  if (commentStart >= 0) codeRanges.push([commentStart, markdown.length]);
  return { headings, codeRanges, exact };
}

/**
 * False when the line holds a construct remark might read differently from this scanner.
 * HTML is looked for outside code spans: `<div>` in backticks is code to remark too.
 */
function isPlainLine(line: string, outsideCode: string, previousBlank: boolean): boolean {
  if (HTML_START.test(outsideCode) || ESCAPED_BACKTICK.test(line) || LINK_WITH_BACKTICK.test(line)) return false;
  if (!previousBlank && SETEXT_UNDERLINE.test(line)) return false;
  if (CONTAINER_HEADING.test(line)) return false;
  if ((INDENTED.test(line) || CONTAINER_INDENTED_CODE.test(line)) && NOTE_SYNTAX.test(line)) return false;
  return true;
}

/**
 * Pairs backtick runs as CommonMark does (a run closes at the next run of the same length),
 * within this line. Returns true when a run stayed unpaired: remark might pair it with a
 * run on a later line, which this scanner cannot know.
 */
function scanInlineCode(line: string, offset: number, codeRanges: LineScan['codeRanges']): boolean {
  if (!line.includes('`')) return false;
  const runs: Array<{ start: number; length: number }> = [];
  for (let index = line.indexOf('`'); index >= 0; index = line.indexOf('`', index)) {
    let stop = index;
    while (line[stop] === '`') stop += 1;
    runs.push({ start: index, length: stop - index });
    index = stop;
  }
  // For each run, the index of the next run of the same length (linear, even for huge lines).
  const nextSame = new Array<number>(runs.length).fill(-1);
  const lastSeen = new Map<number, number>();
  for (let index = runs.length - 1; index >= 0; index -= 1) {
    const length = runs[index]?.length ?? 0;
    nextSame[index] = lastSeen.get(length) ?? -1;
    lastSeen.set(length, index);
  }
  let unpaired = false;
  for (let index = 0; index < runs.length; ) {
    const closer = nextSame[index] ?? -1;
    const opener = runs[index];
    const closing = runs[closer];
    if (!opener || !closing) {
      unpaired = true;
      index += 1;
      continue;
    }
    codeRanges.push([offset + opener.start, offset + closing.start + closing.length]);
    index = closer + 1;
  }
  return unpaired;
}

function withoutCode(line: string, offset: number, spans: ReadonlyArray<readonly [number, number]>): string {
  if (spans.length === 0) return line;
  const pieces: string[] = [];
  let position = 0;
  for (const [start, end] of spans) {
    pieces.push(line.slice(position, start - offset), ' '.repeat(end - start));
    position = end - offset;
  }
  pieces.push(line.slice(position));
  return pieces.join('');
}

/** Masks `<!-- … -->` comments on this line; returns where an unclosed one starts, else -1. */
function scanComments(line: string, offset: number, codeRanges: LineScan['codeRanges']): number {
  let from = 0;
  for (;;) {
    const open = line.indexOf('<!--', from);
    if (open < 0) return -1;
    const close = line.indexOf('-->', open + 4);
    if (close < 0) return offset + open;
    codeRanges.push([offset + open, offset + close + 3]);
    from = close + 3;
  }
}
