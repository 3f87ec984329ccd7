import type { NoteHeading } from './types';

/** What the parser needs from markdown syntax; lines and offsets are relative to the scanned text. */
export interface MarkdownStructure {
  headings: NoteHeading[];
  /** [start, end) offsets of code and HTML, where `#tag` and `[[link]]` are not note syntax. */
  codeRanges: Array<[number, number]>;
}

/** Heading text as one line of single-spaced words, however it was written. */
export function tidyHeadingText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
