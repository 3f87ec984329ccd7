import { describe, expect, it } from 'vitest';
import { chunkFilterToSql, frontmatterFieldTerms } from './chunk-filter';

describe('chunkFilterToSql', () => {
  it('is undefined when nothing is filtered', () => {
    expect(chunkFilterToSql({})).toBeUndefined();
    expect(chunkFilterToSql({ folder: ' / ', tags: [] })).toBeUndefined();
  });

  it('combines folder prefix, every tag and field equality', () => {
    expect(chunkFilterToSql({ folder: '/projects/', tags: ['#Work', 'urgent'], fields: { Status: 'Active' } })).toBe(
      "starts_with(path, 'projects/') AND array_has(tags, 'work') AND array_has(tags, 'urgent') AND array_has(fields, 'status=active')",
    );
  });

  it('quotes agent-supplied strings so they cannot break out of the predicate', () => {
    const sql = chunkFilterToSql({ folder: "x') OR true OR ('", tags: ["a' OR '1'='1"] })!;
    expect(sql).toBe("starts_with(path, 'x'') OR true OR (''/') AND array_has(tags, 'a'' or ''1''=''1')");
  });
});

describe('frontmatterFieldTerms', () => {
  it('keeps scalars and lists of scalars, lower-cased, and drops objects', () => {
    expect(frontmatterFieldTerms({ Status: 'Active', priority: 2, done: false, owners: ['Ann', 'Bo'], nested: { a: 1 } })).toEqual([
      'done=false',
      'owners=ann',
      'owners=bo',
      'priority=2',
      'status=active',
    ]);
  });
});
