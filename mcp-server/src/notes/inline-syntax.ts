/**
 * Obsidian's inline syntax, read from markdown whose code has already been masked
 * (see `maskRanges`), so nothing here needs to know about code blocks.
 */

/** Fills masked code: not whitespace (so `code`#x is no tag), never part of a link target. */
export const MASK_CHAR = '\u0001';

// `[[target#heading|alias]]`, optionally `!` for an embed; one line, no nested brackets.
const WIKILINK = /(!?)\[\[([^[\]\r\n\u0001]+)\]\]/g;
// A tag starts at the beginning or after whitespace (so `C#` and `a#b` are not tags).
const INLINE_TAG = /(?<=^|\s)#([\p{L}\p{N}\p{M}_\-/]+)/gu;
const TAG_BODY = /^[\p{L}\p{N}\p{M}_\-/]+$/u;

export interface Wikilinks {
  links: string[];
  embeds: string[];
  /** The text with every wikilink blanked, so `[[Note#Heading]]` cannot yield a tag. */
  withoutLinks: string;
}

export function extractWikilinks(text: string): Wikilinks {
  const links = new Set<string>();
  const embeds = new Set<string>();
  const withoutLinks = text.replace(WIKILINK, (whole, bang: string, inner: string) => {
    const target = wikilinkTarget(inner);
    if (target !== '') (bang === '!' ? embeds : links).add(target);
    return MASK_CHAR.repeat(whole.length);
  });
  return { links: [...links], embeds: [...embeds], withoutLinks };
}

/** `Note#Heading|alias` → `Note`; `#Heading` (a link into the same note) → "". */
export function wikilinkTarget(inner: string): string {
  // Inside tables the alias pipe is written `\|`.
  const beforeAlias = inner.split('|')[0] ?? '';
  const beforeHeading = beforeAlias.split('#')[0] ?? '';
  return beforeHeading.replace(/\\$/, '').trim();
}

export function extractInlineTags(text: string): string[] {
  const tags: string[] = [];
  for (const match of text.matchAll(INLINE_TAG)) {
    const tag = normalizeTag(match[1] ?? '');
    if (tag !== null) tags.push(tag);
  }
  return tags;
}

/**
 * Obsidian's tag rule: letters, digits, `_`, `-` and `/` for nesting, and not only digits
 * (`#123` is not a tag). Returns the tag lower-cased without `#`, or null when invalid.
 */
export function normalizeTag(raw: string): string | null {
  const tag = raw.replace(/^#+/, '').replace(/^\/+|\/+$/g, '').toLowerCase();
  if (tag === '' || !TAG_BODY.test(tag)) return null;
  if (!/[^\d/]/.test(tag)) return null;
  return tag;
}

/** Replaces each [start, end) range with MASK_CHAR, keeping line breaks so lines still count. */
export function maskRanges(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  if (ranges.length === 0) return text;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const pieces: string[] = [];
  let position = 0;
  for (const [start, end] of sorted) {
    const from = Math.max(start, position);
    if (end <= from) continue;
    pieces.push(text.slice(position, from), text.slice(from, end).replace(/[^\r\n]/g, MASK_CHAR));
    position = end;
  }
  pieces.push(text.slice(position));
  return pieces.join('');
}
