/**
 * Search filters and their translation into a LanceDB (DataFusion SQL) predicate. Pure: the
 * values come from agents, so every string is quoted here and nowhere else.
 */
export interface ChunkFilter {
  /** Folder prefix, vault-relative ("projects" or "projects/alpha"). */
  folder?: string;
  /** Every listed tag must be present (without `#`, case-insensitive). */
  tags?: string[];
  /** Frontmatter field equality, e.g. `{ status: 'active' }`. */
  fields?: Record<string, string | number | boolean>;
}

const MAX_FIELD_TERM_LENGTH = 200;

export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `path IN (…)` for these note paths. */
export function pathsInSql(paths: readonly string[]): string {
  return `path IN (${paths.map(sqlString).join(', ')})`;
}

export function normalizeTag(tag: string): string {
  return tag.trim().replace(/^#+/, '').toLowerCase();
}

export function fieldTerm(key: string, value: string | number | boolean): string {
  return `${key.trim().toLowerCase()}=${String(value).trim().toLowerCase()}`;
}

/** Frontmatter scalars (and lists of scalars) as `key=value` terms for equality filters. */
export function frontmatterFieldTerms(frontmatter: Record<string, unknown>): string[] {
  const terms = new Set<string>();
  for (const [key, value] of Object.entries(frontmatter)) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') continue;
      const term = fieldTerm(key, item);
      if (term.length <= MAX_FIELD_TERM_LENGTH) terms.add(term);
    }
  }
  return [...terms].sort();
}

/** Returns a SQL predicate, or undefined when nothing is filtered. */
export function chunkFilterToSql(filter: ChunkFilter): string | undefined {
  const clauses: string[] = [];
  const folder = filter.folder?.trim().replace(/^\/+|\/+$/g, '');
  if (folder) clauses.push(`starts_with(path, ${sqlString(`${folder}/`)})`);
  for (const tag of filter.tags ?? []) {
    const normalized = normalizeTag(tag);
    if (normalized) clauses.push(`array_has(tags, ${sqlString(normalized)})`);
  }
  for (const [key, value] of Object.entries(filter.fields ?? {})) {
    clauses.push(`array_has(fields, ${sqlString(fieldTerm(key, value))})`);
  }
  return clauses.length > 0 ? clauses.join(' AND ') : undefined;
}
