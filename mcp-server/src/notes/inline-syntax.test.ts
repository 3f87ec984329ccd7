import { describe, expect, it } from 'vitest';
import { extractInlineTags, extractWikilinks, maskRanges, normalizeTag, wikilinkTarget } from './inline-syntax';

describe('inline tags', () => {
  it('follows Obsidian rules: after whitespace, not numeric, nested allowed', () => {
    const text = '#start mid #Mixed_Case-1 #a/b/c C# x#y #2024 #2024-review (#paren) #tag. #ünïcode';
    expect(extractInlineTags(text)).toEqual(['start', 'mixed_case-1', 'a/b/c', '2024-review', 'tag', 'ünïcode']);
  });

  it('normalizes or rejects single tags', () => {
    expect(normalizeTag('#Area/Sub/')).toBe('area/sub');
    expect(normalizeTag('123')).toBeNull();
    expect(normalizeTag('has space')).toBeNull();
    expect(normalizeTag('')).toBeNull();
  });
});

describe('wikilinks', () => {
  it('takes the target without heading or alias, keeps order, and separates embeds', () => {
    const found = extractWikilinks('[[B]] [[A|x]] ![[img.png]] [[B#h]] [[#Local]] [[C\\|alias]] [[bad\n]]');
    expect(found.links).toEqual(['B', 'A', 'C']);
    expect(found.embeds).toEqual(['img.png']);
  });

  it('blanks links so a heading anchor is never read as a tag', () => {
    expect(extractInlineTags(extractWikilinks('see [[Note #heading]]').withoutLinks)).toEqual([]);
    expect(wikilinkTarget(' Folder/Note.md #x ')).toBe('Folder/Note.md');
  });
});

describe('maskRanges', () => {
  it('hides ranges but keeps line breaks, so line numbers do not move', () => {
    expect(maskRanges('a `#x`\r\nb', [[2, 6]])).toBe('a \u0001\u0001\u0001\u0001\r\nb');
    expect(maskRanges('```\n#x\n```', [[0, 10]]).split('\n')).toHaveLength(3);
  });
});
