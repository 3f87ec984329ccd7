/**
 * Splits text into lines that keep their own line endings, and joins them back to the exact
 * same string. The Spec-Kit editor works on these so every untouched line keeps its bytes. Pure.
 */

export interface TextLine {
  /** The line without its ending. */
  text: string;
  /** '\n', '\r\n', '\r', or '' for a last line with no ending. */
  eol: string;
}

export interface SplitText {
  /** True when the text started with a U+FEFF byte order mark (kept out of the first line). */
  bom: boolean;
  lines: TextLine[];
}

const BOM = '\uFEFF';

/** `join(split(x)) === x` for every string x. A trailing ending does not make an empty last line. */
export function splitLines(text: string): SplitText {
  const bom = text.startsWith(BOM);
  const body = bom ? text.slice(1) : text;
  const lines: TextLine[] = [];
  const ending = /\r\n|\n|\r/g;
  let start = 0;
  for (let match = ending.exec(body); match; match = ending.exec(body)) {
    lines.push({ text: body.slice(start, match.index), eol: match[0] });
    start = match.index + match[0].length;
  }
  if (start < body.length) lines.push({ text: body.slice(start), eol: '' });
  return { bom, lines };
}

export function joinLines(split: SplitText): string {
  let out = split.bom ? BOM : '';
  for (const line of split.lines) out += line.text + line.eol;
  return out;
}

/** The ending to give a new line: the first one the text uses, else '\n'. */
export function dominantEol(lines: readonly TextLine[]): string {
  return lines.find((line) => line.eol !== '')?.eol ?? '\n';
}
