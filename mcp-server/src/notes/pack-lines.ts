import { isBlankLine } from './split-lines';

/** One line of a note (or a piece of a line too long for one chunk) with its file line. */
export interface NumberedLine {
  line: number;
  text: string;
}

export interface PackOptions {
  maxChars: number;
  overlapChars: number;
}

/**
 * Groups consecutive lines into pieces of at most `maxChars` (lines joined by "\n"),
 * each repeating up to `overlapChars` of the previous piece's last lines so a passage cut
 * at a boundary is still found whole. Cuts prefer a blank line (a paragraph end) in the
 * back half of a piece; a single line longer than `maxChars` is cut inside, preferably at
 * a space. Pieces never start or end with a blank line.
 */
export function packLines(lines: readonly NumberedLine[], options: PackOptions): NumberedLine[][] {
  const units = splitLongLines(lines, options);
  const pieces: NumberedLine[][] = [];
  // `fresh` is the first line no piece holds yet; every piece must include it.
  let fresh = nextTextLine(units, 0);
  let first = fresh;
  while (fresh < units.length) {
    while (first < fresh && isBlankLine(units[first]?.text ?? '')) first += 1;

    let size = units[first]?.text.length ?? 0;
    let end = first + 1;
    let paragraphEnd = -1;
    while (end < units.length) {
      const next = units[end]?.text ?? '';
      if (size + 1 + next.length > options.maxChars) break;
      if (isBlankLine(next) && size >= options.maxChars / 2) paragraphEnd = end;
      size += 1 + next.length;
      end += 1;
    }
    if (end < units.length && paragraphEnd > fresh) end = paragraphEnd;

    let last = end - 1;
    while (last > first && isBlankLine(units[last]?.text ?? '')) last -= 1;
    pieces.push(units.slice(first, last + 1));

    fresh = nextTextLine(units, end);
    if (fresh < units.length) first = overlapStart(units, first, end, fresh, options);
  }
  return pieces;
}

function nextTextLine(units: readonly NumberedLine[], from: number): number {
  let index = from;
  while (index < units.length && isBlankLine(units[index]?.text ?? '')) index += 1;
  return index;
}

/**
 * Where the next piece starts: back from `end` by whole lines, within the overlap budget
 * and leaving room for the lines up to `fresh`, so every piece adds something new.
 */
function overlapStart(
  units: readonly NumberedLine[],
  first: number,
  end: number,
  fresh: number,
  options: PackOptions,
): number {
  let needed = -1;
  for (let index = end; index <= fresh; index += 1) needed += (units[index]?.text.length ?? 0) + 1;
  const budget = Math.min(options.overlapChars, options.maxChars - needed);
  let start = end;
  let used = 0;
  while (start - 1 > first) {
    const cost = (units[start - 1]?.text.length ?? 0) + 1;
    if (used + cost > budget) break;
    used += cost;
    start -= 1;
  }
  return start;
}

/** Cuts lines longer than `maxChars` into overlapping pieces that keep their line number. */
function splitLongLines(lines: readonly NumberedLine[], options: PackOptions): NumberedLine[] {
  const units: NumberedLine[] = [];
  for (const entry of lines) {
    if (entry.text.length <= options.maxChars) {
      units.push(entry);
      continue;
    }
    const { text } = entry;
    let from = 0;
    for (;;) {
      if (text.length - from <= options.maxChars) {
        units.push({ line: entry.line, text: text.slice(from) });
        break;
      }
      const to = cutPoint(text, from, options.maxChars);
      units.push({ line: entry.line, text: text.slice(from, to) });
      from = Math.max(from + 1, to - options.overlapChars);
      if (isLowSurrogate(text.charCodeAt(from))) from += 1;
    }
  }
  return units;
}

/** End of a piece of at most `maxChars` from `from`: after a space in its back half if any. */
function cutPoint(text: string, from: number, maxChars: number): number {
  let to = from + maxChars;
  const space = text.slice(from + Math.floor(maxChars / 2), to).search(/\s\S*$/);
  if (space >= 0) to = from + Math.floor(maxChars / 2) + space + 1;
  // Never split a surrogate pair: half an emoji would reach the index as U+FFFD.
  if (isLowSurrogate(text.charCodeAt(to)) && to - 1 > from) to -= 1;
  return to;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
