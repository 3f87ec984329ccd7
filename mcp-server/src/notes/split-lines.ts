/**
 * Line breaks as CommonMark (and so remark) counts them: CRLF, LF, or a lone CR.
 * Every line number in this folder is counted with this rule, so heading lines from
 * remark and chunk ranges from the chunker point at the same lines.
 */
export const LINE_BREAK = /\r\n|\r|\n/;

export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

export function isBlankLine(line: string): boolean {
  return line.trim() === '';
}
