import { describe, expect, it } from 'vitest';
import { resolveWikilink, wikilinkTarget } from './wikilink-resolution';

const paths = [
  'Inbox.md',
  'projects/Alpha.md',
  'archive/2023/Alpha.md',
  'people/Ada Lovelace.md',
  'b/Meeting.md',
  'a/Meeting.md',
  'projects/alpha/Plan.md',
  'areas/alpha/Plan.md',
  'assets/diagram.png',
];

describe('resolveWikilink', () => {
  it('finds a note by its name, case-insensitively, with or without brackets, alias or heading', () => {
    expect(resolveWikilink('Inbox', paths)).toBe('Inbox.md');
    expect(resolveWikilink('ada lovelace', paths)).toBe('people/Ada Lovelace.md');
    expect(resolveWikilink('[[Ada Lovelace|Ada]]', paths)).toBe('people/Ada Lovelace.md');
    expect(resolveWikilink('![[Ada Lovelace#Early life]]', paths)).toBe('people/Ada Lovelace.md');
    expect(resolveWikilink('Inbox.md', paths)).toBe('Inbox.md');
  });

  it('prefers the shallowest path when the name is ambiguous', () => {
    expect(resolveWikilink('Alpha', paths)).toBe('projects/Alpha.md');
  });

  it('breaks a tie of equal paths alphabetically', () => {
    expect(resolveWikilink('Meeting', paths)).toBe('a/Meeting.md');
    expect(resolveWikilink('Meeting', [...paths].reverse())).toBe('a/Meeting.md');
  });

  it('matches a folder/name link as a path suffix on folder boundaries', () => {
    expect(resolveWikilink('2023/Alpha', paths)).toBe('archive/2023/Alpha.md');
    expect(resolveWikilink('areas/alpha/plan', paths)).toBe('areas/alpha/Plan.md');
    expect(resolveWikilink('lpha/Plan', paths)).toBeNull();
  });

  it('resolves a link from the vault root exactly', () => {
    expect(resolveWikilink('/Alpha', paths)).toBeNull();
    expect(resolveWikilink('/projects/Alpha', paths)).toBe('projects/Alpha.md');
  });

  it('matches attachments by their full name and returns null when nothing matches', () => {
    expect(resolveWikilink('diagram.png', paths)).toBe('assets/diagram.png');
    expect(resolveWikilink('diagram', paths)).toBeNull();
    expect(resolveWikilink('Nowhere', paths)).toBeNull();
    expect(resolveWikilink('[[#Heading in this note]]', paths)).toBeNull();
  });
});

describe('wikilinkTarget', () => {
  it('keeps only the file part of a link', () => {
    expect(wikilinkTarget('[[folder/Note#^block|shown]]')).toBe('folder/Note');
  });

  it('reads a link copied from a table as the indexer does, alias pipe escaped', () => {
    expect(wikilinkTarget('[[Ada Lovelace\\|Ada]]')).toBe('Ada Lovelace');
    expect(resolveWikilink('[[Ada Lovelace\\|Ada]]', paths)).toBe('people/Ada Lovelace.md');
  });
});
