import { normalizeTag } from './inline-syntax';

/**
 * `tags` (or Obsidian's older `tag`) as a list or a string ("a, b", "a b", "#a"), normalized
 * with the inline tag rule so frontmatter and inline tags filter alike.
 */
export function frontmatterTags(frontmatter: Record<string, unknown>): string[] {
  const tags: string[] = [];
  for (const item of listOfText(frontmatter.tags ?? frontmatter.tag)) {
    for (const word of item.split(/[,\s]+/)) {
      const tag = normalizeTag(word);
      if (tag !== null) tags.push(tag);
    }
  }
  return tags;
}

/** `aliases` (or `alias`) as a list or a comma-separated string; case kept, order kept. */
export function frontmatterAliases(frontmatter: Record<string, unknown>): string[] {
  const value = frontmatter.aliases ?? frontmatter.alias;
  const items = typeof value === 'string' ? value.split(',') : listOfText(value);
  const aliases = items.map((alias) => alias.trim()).filter((alias) => alias !== '');
  return [...new Set(aliases)];
}

function listOfText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => (typeof item === 'string' || typeof item === 'number' ? [String(item)] : []));
}
