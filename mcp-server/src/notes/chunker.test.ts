import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkNote } from './chunker';
import { parseNote } from './note-parser';
import { isBlankLine, splitLines } from './split-lines';
import type { NoteChunk } from './types';

const NOTE = [
  '---',
  'tags: [plan]',
  '---',
  'Text before any heading.',
  '',
  '# Plan',
  '',
  '## Goals',
  'Ship it.',
  '',
  '## Risks',
  '',
  '### Vendor',
  'Vendor may be late.',
  '',
  '## Empty heading',
  '',
  '# Appendix',
  'Last words.',
  '',
].join('\n');

function fileLines(source: string, chunk: NoteChunk): string {
  return splitLines(source).slice(chunk.startLine - 1, chunk.endLine).join('\n');
}

describe('chunkNote', () => {
  it('makes one chunk per heading section with its heading path and file lines', () => {
    const chunks = chunkNote(parseNote('plan.md', NOTE));
    expect(chunks.map(({ headingPath, startLine, endLine, ordinal }) => ({ headingPath, startLine, endLine, ordinal }))).toEqual([
      { headingPath: '', startLine: 4, endLine: 4, ordinal: 0 },
      { headingPath: 'Plan', startLine: 6, endLine: 6, ordinal: 1 },
      { headingPath: 'Plan > Goals', startLine: 8, endLine: 9, ordinal: 2 },
      { headingPath: 'Plan > Risks', startLine: 11, endLine: 11, ordinal: 3 },
      { headingPath: 'Plan > Risks > Vendor', startLine: 13, endLine: 14, ordinal: 4 },
      { headingPath: 'Plan > Empty heading', startLine: 16, endLine: 16, ordinal: 5 },
      { headingPath: 'Appendix', startLine: 18, endLine: 19, ordinal: 6 },
    ]);
    for (const chunk of chunks) expect(chunk.text).toBe(fileLines(NOTE, chunk));
    expect(chunks[5]?.text).toBe('## Empty heading');
    expect(chunks.some((chunk) => chunk.text.includes('tags:'))).toBe(false);
  });

  it('keeps the same line ranges for CRLF files and joins chunk text with LF', () => {
    const lf = chunkNote(parseNote('plan.md', NOTE));
    const crlf = chunkNote(parseNote('plan.md', NOTE.replaceAll('\n', '\r\n')));
    expect(crlf).toEqual(lf);
  });

  it('does not cut at headings that sit inside code blocks', () => {
    const source = '# Real\n```\n# not a heading\n```\nafter';
    const chunks = chunkNote(parseNote('c.md', source));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ headingPath: 'Real', startLine: 1, endLine: 5 });
  });

  it('splits a long section at paragraph ends, with overlap and exact line ranges', () => {
    const paragraph = (index: number): string[] => [
      `Paragraph ${index} first line with enough words to matter.`,
      `Paragraph ${index} second line, a little shorter.`,
      '',
    ];
    const source = ['# Long', '', ...Array.from({ length: 20 }, (_, index) => paragraph(index)).flat()].join('\n');
    const chunks = chunkNote(parseNote('long.md', source), { maxChars: 400, overlapChars: 120 });

    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.headingPath).toBe('Long');
      expect(chunk.text.length).toBeLessThanOrEqual(400);
      expect(chunk.text).toBe(fileLines(source, chunk));
    }
    for (const [previous, next] of chunks.slice(1).map((chunk, index) => [chunks[index], chunk] as const)) {
      if (!previous) continue;
      // Overlap: the next chunk starts inside the previous one, and still moves forward.
      expect(next.startLine).toBeLessThanOrEqual(previous.endLine);
      expect(next.startLine).toBeGreaterThan(previous.startLine);
      expect(next.endLine).toBeGreaterThan(previous.endLine);
      // Cuts fall at paragraph ends: no chunk but the first ends on a paragraph's first line.
      expect(splitLines(source)[previous.endLine - 1]).toMatch(/second line/);
    }
    expect(chunks.at(-1)?.endLine).toBe(splitLines(source).length - 1);
  });

  it('cuts a single overlong line inside, keeping its line number', () => {
    const long = Array.from({ length: 300 }, (_, index) => `w${index}`).join(' ');
    const source = `# Big\n${long}\nafter`;
    const chunks = chunkNote(parseNote('big.md', source), { maxChars: 200, overlapChars: 40 });
    const pieces = chunks.filter((chunk) => chunk.startLine === 2 && chunk.endLine === 2);
    expect(pieces.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(200);
    for (const piece of pieces) expect(long).toContain(piece.text);
    // The line's tail is short, so it shares a chunk with the next line.
    expect(chunks.at(-1)).toMatchObject({ startLine: 2, endLine: 3 });
    expect(chunks.at(-1)?.text.endsWith('w299\nafter')).toBe(true);
    // Pieces overlap and are cut after a space, so every word is whole in some chunk.
    const covered = new Set(chunks.flatMap((chunk) => chunk.text.split(/\s+/)));
    expect(long.split(' ').every((word) => covered.has(word))).toBe(true);
    // Overlap: each piece begins with text the previous piece ended with.
    for (let index = 1; index < pieces.length; index += 1) {
      const start = pieces[index]?.text.slice(0, 20) ?? '';
      expect(pieces[index - 1]?.text.slice(-60)).toContain(start);
    }
  });

  it('gives a note without body text one chunk with its title', () => {
    expect(chunkNote(parseNote('ideas/Someday.md', '---\ntags: [x]\n---\n\n  \n'))).toEqual([
      { path: 'ideas/Someday.md', headingPath: '', text: 'Someday', startLine: 1, endLine: 1, ordinal: 0 },
    ]);
    expect(chunkNote(parseNote('e.md', ''))).toHaveLength(1);
  });

  it('rejects sizes that cannot make progress, saying which values work', () => {
    const note = parseNote('a.md', 'text');
    expect(() => chunkNote(note, { maxChars: 5 })).toThrow(/maxChars must be an integer of at least 20/);
    expect(() => chunkNote(note, { maxChars: 100, overlapChars: 100 })).toThrow(/from 0 to maxChars - 1 \(99\)/);
  });

  it('chunks a 20 MB note within the size bound', () => {
    const block = '## Part\n\nA paragraph of filler text that goes on for a while, #tag and [[Link]].\n\n';
    const source = `# Huge\n${block.repeat(Math.ceil((20 * 1024 * 1024) / block.length))}`;
    const chunks = chunkNote(parseNote('huge.md', source));
    const lineCount = splitLines(source).length;
    expect(chunks.length).toBeGreaterThan(100_000);
    expect(chunks.every((chunk) => chunk.text.length <= 1500 && chunk.endLine <= lineCount)).toBe(true);
    expect(chunks.at(-1)?.ordinal).toBe(chunks.length - 1);
  });

  it('covers every non-blank body line with chunks that stay inside the file', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 80 }).map((text) => text.replace(/[\r\n]/g, ' ')),
      fc.string({ minLength: 100, maxLength: 400 }).map((text) => text.replace(/[\r\n]/g, ' ')),
      fc.tuple(fc.integer({ min: 1, max: 4 }), fc.string({ maxLength: 20 })).map(
        ([depth, text]) => `${'#'.repeat(depth)} ${text.replace(/[\r\n]/g, ' ')}`,
      ),
      fc.constantFrom('', '   ', '```', '---', 'Setext', '===', '- item #tag [[Link]]'),
    );
    const source = fc
      .tuple(fc.boolean(), fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n', '\r'))
      .map(([frontmatter, lines, eol]) => [...(frontmatter ? ['---', 'a: 1', '---'] : []), ...lines].join(eol));
    const sizes = fc.integer({ min: 20, max: 600 }).chain((maxChars) =>
      fc.record({ maxChars: fc.constant(maxChars), overlapChars: fc.integer({ min: 0, max: maxChars - 1 }) }),
    );

    fc.assert(
      fc.property(source, sizes, (text, options) => {
        const note = parseNote('p.md', text);
        const chunks = chunkNote(note, options);
        const lines = splitLines(text);
        const covered = new Set<number>();
        chunks.forEach((chunk, index) => {
          expect(chunk.ordinal).toBe(index);
          expect(chunk.startLine).toBeGreaterThanOrEqual(1);
          expect(chunk.endLine).toBeGreaterThanOrEqual(chunk.startLine);
          expect(chunk.endLine).toBeLessThanOrEqual(lines.length);
          expect(chunk.text.length).toBeLessThanOrEqual(Math.max(options.maxChars, note.title.length));
          for (let number = chunk.startLine; number <= chunk.endLine; number += 1) covered.add(number);
        });
        lines.forEach((content, index) => {
          const number = index + 1;
          if (number >= note.bodyStartLine && !isBlankLine(content)) expect(covered.has(number)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});
