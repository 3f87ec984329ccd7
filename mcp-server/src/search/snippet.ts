/**
 * Picks the lines of a chunk that best match the query, so an agent sees why a result matched
 * and where (line numbers point into the file). Pure.
 */
export interface Snippet {
  text: string;
  /** 1-based file lines of the first and last line shown. */
  startLine: number;
  endLine: number;
}

const MAX_SNIPPET_LINES = 3;
const MAX_LINE_CHARS = 240;

function clip(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line;
}

/**
 * `termsOf` turns text into comparable terms (the same analysis for query and lines, e.g.
 * lower-cased and stemmed). Lines are scored by distinct query terms they hold; the best run
 * of up to three consecutive lines wins, the first one on ties.
 */
export function buildSnippet(
  chunkText: string,
  chunkStartLine: number,
  query: string,
  termsOf: (text: string) => string[],
): Snippet {
  const lines = chunkText.split(/\r?\n/);
  const queryTerms = new Set(termsOf(query));
  const lineScores = lines.map((line) => {
    if (queryTerms.size === 0 || line.trim() === '') return 0;
    const found = new Set(termsOf(line).filter((term) => queryTerms.has(term)));
    return found.size;
  });
  let bestStart = lines.findIndex((line) => line.trim() !== '');
  if (bestStart < 0) bestStart = 0;
  let bestScore = 0;
  for (let start = 0; start < lines.length; start += 1) {
    if (lineScores[start] === 0) continue;
    let score = 0;
    for (let offset = 0; offset < MAX_SNIPPET_LINES && start + offset < lines.length; offset += 1) {
      score += lineScores[start + offset]!;
    }
    if (score > bestScore) {
      bestScore = score;
      bestStart = start;
    }
  }
  const shown: string[] = [];
  let last = bestStart;
  for (let index = bestStart; index < lines.length && shown.length < MAX_SNIPPET_LINES; index += 1) {
    if (lines[index]!.trim() === '' && shown.length > 0) break;
    shown.push(clip(lines[index]!));
    last = index;
  }
  return { text: shown.join('\n'), startLine: chunkStartLine + bestStart, endLine: chunkStartLine + last };
}
