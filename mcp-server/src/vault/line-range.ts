/**
 * Cuts a 1-based, inclusive line range out of a note's text. Pure. The slice keeps the
 * original bytes (CRLF, the final newline), so the whole range is exactly the whole text.
 */
import { VaultError } from './vault-errors';

export interface LineSlice {
  content: string;
  startLine: number;
  /** Clamped to the last line; `startLine - 1` for an empty note. */
  endLine: number;
  totalLines: number;
}

/** A final newline ends the last line rather than starting an empty one; '' has 0 lines. */
export function sliceLines(text: string, range: { startLine?: number; endLine?: number } = {}, notePath = 'The note'): LineSlice {
  const subject = notePath === 'The note' ? notePath : `Note '${notePath}'`;
  for (const [name, value] of [['startLine', range.startLine], ['endLine', range.endLine]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new VaultError('LINE_RANGE_INVALID', `${name} must be a whole number from 1 (lines are counted from 1); got ${value}.`);
    }
  }
  const starts = lineStarts(text);
  const totalLines = starts.length;
  const startLine = range.startLine ?? 1;
  if (startLine > Math.max(totalLines, 1)) {
    throw new VaultError('LINE_RANGE_INVALID', `${subject} has ${totalLines} lines; startLine ${startLine} is past the end. Ask for lines 1 to ${totalLines}.`);
  }
  if (range.endLine !== undefined && range.endLine < startLine) {
    throw new VaultError('LINE_RANGE_INVALID', `endLine ${range.endLine} is before startLine ${startLine}; pass endLine >= startLine.`);
  }
  const endLine = Math.min(range.endLine ?? totalLines, totalLines);
  const from = starts[startLine - 1] ?? text.length;
  const to = starts[endLine] ?? text.length;
  return { content: text.slice(from, to), startLine, endLine: Math.max(endLine, startLine - 1), totalLines };
}

function lineStarts(text: string): number[] {
  if (text === '') return [];
  const starts = [0];
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < text.length - 1; newline = text.indexOf('\n', newline + 1)) {
    starts.push(newline + 1);
  }
  return starts;
}
