import { describe, expect, it } from 'vitest';
import { appendAtEnd, appendUnderHeading, detectLineEnding, findHeadings } from './append-under-heading';
import { HeadingNotFoundError } from './vault-errors';

describe('appendAtEnd', () => {
  it('adds lines after a final newline and keeps it', () => {
    expect(appendAtEnd('# Log\n- a\n', '- b')).toBe('# Log\n- a\n- b\n');
  });

  it('keeps a file without final newline without one', () => {
    expect(appendAtEnd('# Log\n- a', '- b')).toBe('# Log\n- a\n- b');
  });

  it('creates the text of a new note ending in a newline', () => {
    expect(appendAtEnd('', 'first line\n')).toBe('first line\n');
  });

  it('writes the addition with the file’s CRLF line endings', () => {
    expect(appendAtEnd('a\r\nb\r\n', 'c\nd\n')).toBe('a\r\nb\r\nc\r\nd\r\n');
  });
});

describe('appendUnderHeading', () => {
  const note = ['# Project', '', '## Tasks', '- [ ] one', '', '### Sub', 'sub text', '', '## Notes', 'some notes', ''].join('\n');

  it('inserts at the end of the section, before blank lines and the next heading of the same level', () => {
    expect(appendUnderHeading(note, 'Tasks', '- [ ] two')).toBe(
      ['# Project', '', '## Tasks', '- [ ] one', '', '### Sub', 'sub text', '- [ ] two', '', '## Notes', 'some notes', ''].join('\n'),
    );
  });

  it('matches case-insensitively, at any level, and ignores # marks in the request', () => {
    expect(appendUnderHeading(note, '### sub', 'more')).toBe(note.replace('sub text\n', 'sub text\nmore\n'));
    expect(appendUnderHeading(note, '  NOTES ', 'x')).toBe(`${note}x\n`);
  });

  it('appends at the end of the note when the heading owns the rest of it, keeping a missing final newline', () => {
    expect(appendUnderHeading('# A\ntext', 'A', 'added')).toBe('# A\ntext\nadded');
    expect(appendUnderHeading('# A\ntext\n\n\n', 'A', 'added')).toBe('# A\ntext\nadded\n\n\n');
  });

  it('puts text right under a heading whose section is empty', () => {
    expect(appendUnderHeading('## A\n## B\n', 'A', 'x')).toBe('## A\nx\n## B\n');
    expect(appendUnderHeading('## A', 'A', 'x')).toBe('## A\nx');
  });

  it('keeps CRLF line endings and every other byte', () => {
    const crlf = '# A\r\none\r\n\r\n# B\r\ntwo\r\n';
    expect(appendUnderHeading(crlf, 'A', 'new\nlines')).toBe('# A\r\none\r\nnew\r\nlines\r\n\r\n# B\r\ntwo\r\n');
  });

  it('ignores heading-like lines in frontmatter and code blocks, and #tags', () => {
    const text = ['---', '# not: heading', '---', '#tag line', '```bash', '# Tasks', '```', '## Tasks', 'real', ''].join('\n');
    expect(findHeadings(text).map((heading) => heading.text)).toEqual(['Tasks']);
    expect(appendUnderHeading(text, 'Tasks', 'x')).toBe(text.replace('real\n', 'real\nx\n'));
  });

  it('reads closing # sequences off headings', () => {
    expect(findHeadings('## Done ##\n#\n')).toEqual([
      { depth: 2, text: 'Done', line: 0 },
      { depth: 1, text: '', line: 1 },
    ]);
  });

  it('uses the first heading when two share a name', () => {
    expect(appendUnderHeading('## Log\na\n## Log\nb\n', 'log', 'x')).toBe('## Log\na\nx\n## Log\nb\n');
  });

  it('lists the headings that exist when the one asked for is missing', () => {
    let error: unknown;
    try {
      appendUnderHeading(note, 'Tasks Done', 'x', { notePath: 'p.md' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HeadingNotFoundError);
    expect((error as HeadingNotFoundError).available).toEqual(['Project', 'Tasks', 'Sub', 'Notes']);
    expect((error as Error).message).toBe(
      "Note 'p.md' has no heading 'Tasks Done'. Its headings are: 'Project', 'Tasks', 'Sub', 'Notes'. Pass one of them, or append without a heading to add at the end.",
    );
    expect(() => appendUnderHeading('plain', 'X', 'y')).toThrow(/has no headings/);
  });
});

describe('detectLineEnding', () => {
  it('follows the first line break', () => {
    expect(detectLineEnding('a\r\nb\n')).toBe('\r\n');
    expect(detectLineEnding('a\nb\r\n')).toBe('\n');
    expect(detectLineEnding('single line')).toBe('\n');
  });
});
