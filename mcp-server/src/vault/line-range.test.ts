import { describe, expect, it } from 'vitest';
import { sliceLines } from './line-range';
import { VaultError } from './vault-errors';

describe('sliceLines', () => {
  const text = 'one\r\ntwo\nthree\nfour\n';

  it('returns the whole text unchanged when no range is given', () => {
    expect(sliceLines(text)).toEqual({ content: text, startLine: 1, endLine: 4, totalLines: 4 });
  });

  it('cuts an inclusive 1-based range keeping the original line endings', () => {
    expect(sliceLines(text, { startLine: 1, endLine: 2 }).content).toBe('one\r\ntwo\n');
    expect(sliceLines(text, { startLine: 3 }).content).toBe('three\nfour\n');
    expect(sliceLines(text, { startLine: 2, endLine: 2 }).content).toBe('two\n');
  });

  it('counts a last line without newline, and clamps endLine past the end', () => {
    expect(sliceLines('a\nb', { startLine: 2, endLine: 99 })).toEqual({ content: 'b', startLine: 2, endLine: 2, totalLines: 2 });
  });

  it('treats an empty note as zero lines', () => {
    expect(sliceLines('')).toEqual({ content: '', startLine: 1, endLine: 0, totalLines: 0 });
  });

  it('refuses ranges that cannot be served, naming the valid range', () => {
    expect(() => sliceLines(text, { startLine: 5 }, 'a.md')).toThrow("Note 'a.md' has 4 lines; startLine 5 is past the end. Ask for lines 1 to 4.");
    expect(() => sliceLines(text, { startLine: 3, endLine: 2 })).toThrow(/before startLine/);
    expect(() => sliceLines(text, { startLine: 0 })).toThrow(VaultError);
    expect(() => sliceLines(text, { endLine: 1.5 })).toThrow(/whole number/);
  });
});
