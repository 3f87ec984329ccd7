import { frontmatterAliases, frontmatterTags } from './frontmatter-fields';
import { parseFrontmatterYaml, splitFrontmatter } from './frontmatter';
import { extractInlineTags, extractWikilinks, maskRanges } from './inline-syntax';
import { scanLines } from './line-scan';
import type { MarkdownStructure } from './markdown-structure';
import { scanWithRemark } from './remark-scan';
import type { ParsedNote } from './types';

/**
 * Above this many characters of body the line scanner is used even where it only
 * approximates: remark needs ~150 bytes of heap per byte of markdown (a 4 MB note took
 * ~600 MB and 2.4 s here), so a 20 MB note would exhaust the process.
 */
export const MAX_REMARK_CHARS = 512 * 1024;

/**
 * Reads one note's source into searchable metadata. Pure and total: broken frontmatter,
 * NUL bytes, huge notes and very long lines give a result, never an exception.
 */
export function parseNote(path: string, source: string): ParsedNote {
  const split = splitFrontmatter(source);
  const { data: frontmatter, error: yamlError } =
    split.yaml === null ? { data: {}, error: undefined } : parseFrontmatterYaml(split.yaml);
  const frontmatterError = split.error ?? yamlError;

  const structure = readStructure(split.body);
  const lineShift = split.bodyStartLine - 1;
  const headings = structure.headings.map((heading) => ({ ...heading, line: heading.line + lineShift }));

  const { links, embeds, withoutLinks } = extractWikilinks(maskRanges(split.body, structure.codeRanges));
  const tags = [...new Set([...frontmatterTags(frontmatter), ...extractInlineTags(withoutLinks)])].sort();

  const note: ParsedNote = {
    path,
    title: headings.find((heading) => heading.depth === 1 && heading.text !== '')?.text ?? fileTitle(path),
    frontmatter,
    tags,
    aliases: frontmatterAliases(frontmatter),
    links,
    embeds,
    headings,
    body: split.body,
    bodyStartLine: split.bodyStartLine,
  };
  if (frontmatterError !== undefined) note.frontmatterError = frontmatterError;
  return note;
}

/**
 * remark only where it is needed: most notes are plain enough that the line scanner is
 * exact (and ~100x faster), which keeps a 10k-note vault's parse to seconds.
 */
function readStructure(body: string): MarkdownStructure {
  const scan = scanLines(body);
  if (scan.exact || body.length > MAX_REMARK_CHARS) return scan;
  return scanWithRemark(body);
}

function fileTitle(path: string): string {
  const name = path.split('/').pop() ?? path;
  return name.replace(/\.md$/i, '');
}
