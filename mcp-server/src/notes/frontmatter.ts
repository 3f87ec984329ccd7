import matter from 'gray-matter';
import { PlainJsonBudgetError, toPlainJson } from './plain-json';

export interface FrontmatterSplit {
  /** The YAML between the fences; null when the note has no (closed) frontmatter block. */
  yaml: string | null;
  body: string;
  /** 1-based file line on which `body` starts. */
  bodyStartLine: number;
  error?: string;
}

export interface FrontmatterData {
  data: Record<string, unknown>;
  error?: string;
}

const FENCE = /^---[ \t]*$/;
const STILL_INDEXED = 'the note text is still indexed';

/**
 * Finds the frontmatter block by Obsidian's rule: line 1 is exactly `---` and the block
 * ends at the next line that is exactly `---`. gray-matter's own search ("\n---" anywhere)
 * would also stop at `---foo` and would read `---js` blocks as JavaScript, so the split is ours.
 */
export function splitFrontmatter(source: string): FrontmatterSplit {
  // The BOM is not part of line 1's text; dropping it moves no line.
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const first = readLine(text, 0);
  if (!FENCE.test(first.text)) return { yaml: null, body: text, bodyStartLine: 1 };

  let position = first.next;
  let lineNumber = 2;
  while (position < text.length) {
    const line = readLine(text, position);
    if (FENCE.test(line.text)) {
      const yaml = trimFinalBreak(text.slice(first.next, position));
      return { yaml, body: text.slice(line.next), bodyStartLine: lineNumber + 1 };
    }
    position = line.next;
    lineNumber += 1;
  }
  return {
    yaml: null,
    body: text,
    bodyStartLine: 1,
    error:
      "Frontmatter starts with '---' on line 1 but has no closing '---' line. " +
      'Add one after the last property; until then the whole note is indexed as text.',
  };
}

// A delimiter no YAML line can start with (YAML rejects NUL), so gray-matter's "\n<delimiter>"
// search ends exactly where splitFrontmatter found the closing fence.
const DELIMITER = '\u0000vaultplane-frontmatter\u0000';

const refuseCode = (): object => {
  throw new Error('Only YAML frontmatter is read; code engines are disabled.');
};

const MATTER_OPTIONS = {
  language: 'yaml',
  delimiters: DELIMITER,
  // gray-matter evaluates `---js` blocks with eval(); make sure no path can reach it.
  engines: { js: refuseCode, javascript: refuseCode, coffee: refuseCode, coffeescript: refuseCode, cson: refuseCode },
};

/**
 * Parses the YAML of a frontmatter block into plain JSON data. Never throws: a broken block
 * gives `{}` and an error that says where and what to fix. Always passes options to
 * gray-matter, which skips its cache (the cache would hand out shared, stale objects).
 */
export function parseFrontmatterYaml(yaml: string): FrontmatterData {
  let raw: unknown;
  try {
    raw = matter(`${DELIMITER}\n${yaml}\n${DELIMITER}\n`, MATTER_OPTIONS).data;
  } catch (error) {
    return { data: {}, error: describeYamlError(error) };
  }
  if (raw === null || raw === undefined) return { data: {} };
  if (typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Date) {
    const found = Array.isArray(raw) ? 'a list' : `a single value (${JSON.stringify(String(raw)).slice(0, 60)})`;
    return {
      data: {},
      error: `Frontmatter must be "key: value" lines, but it is ${found}. Rewrite it as properties; ${STILL_INDEXED}.`,
    };
  }
  try {
    return { data: toPlainJson(raw) as Record<string, unknown> };
  } catch (error) {
    if (!(error instanceof PlainJsonBudgetError)) throw error;
    return {
      data: {},
      error:
        `Frontmatter is too big to index (${error.message}), usually from YAML aliases (*name) ` +
        `repeated many times. Simplify it; ${STILL_INDEXED}.`,
    };
  }
}

interface YamlErrorShape {
  reason?: unknown;
  message?: unknown;
  mark?: { line?: unknown; column?: unknown };
}

function describeYamlError(error: unknown): string {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as YamlErrorShape;
  const reason = typeof shape.reason === 'string' ? shape.reason : String(shape.message ?? error);
  const line = shape.mark?.line;
  const column = shape.mark?.column;
  // js-yaml counts from 0 in the text gray-matter hands it, which begins with the
  // delimiter's line break; the YAML itself starts on file line 2.
  const where =
    typeof line === 'number' && typeof column === 'number'
      ? ` at line ${line + 1}, column ${column + 1}`
      : '';
  return `Frontmatter is not valid YAML${where}: ${reason}. Fix the YAML between the '---' lines; ${STILL_INDEXED}.`;
}

function readLine(text: string, from: number): { text: string; next: number } {
  const lineBreak = /\r\n|\r|\n/g;
  lineBreak.lastIndex = from;
  const match = lineBreak.exec(text);
  if (!match) return { text: text.slice(from), next: text.length };
  return { text: text.slice(from, match.index), next: match.index + match[0].length };
}

function trimFinalBreak(text: string): string {
  return text.replace(/(?:\r\n|\r|\n)$/, '');
}
