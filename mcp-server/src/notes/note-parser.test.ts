import { describe, expect, it } from 'vitest';
import { MAX_REMARK_CHARS, parseNote } from './note-parser';

const PLAN = [
  '---',
  'tags: [Project, "#alpha", "area/Work"]',
  'aliases:',
  '  - Plan B',
  '  - The Plan',
  'created: 2024-01-05',
  'updated: 2024-02-10T08:30:00Z',
  'owner: Ada',
  '---',
  '# Launch plan',
  '',
  'Intro mentions [[Roadmap|the roadmap]], [[Specs/Auth#Risks]] and ![[diagram.png]].',
  'Tags: #launch, #Nested/Topic-x_y. Not tags: C#, #123, a#b, https://example.com/#anchor.',
  '',
  '```js',
  'const heading = "#notatag [[notalink]]";',
  '# not a heading',
  '```',
  '',
  '## Risks',
  '',
  'Inline `#alsonot [[nolink]]` code, then #risk and [[Roadmap]] again.',
  '',
  '### Mitigation',
  'Embed ![[Specs/Auth#Flow|flow]] here.',
].join('\n');

describe('parseNote', () => {
  it('reads frontmatter, tags, aliases, links, embeds and headings of a realistic note', () => {
    const note = parseNote('projects/plan.md', PLAN);
    expect(note.frontmatter).toEqual({
      tags: ['Project', '#alpha', 'area/Work'],
      aliases: ['Plan B', 'The Plan'],
      created: '2024-01-05',
      updated: '2024-02-10T08:30:00.000Z',
      owner: 'Ada',
    });
    expect(note.frontmatterError).toBeUndefined();
    expect(note.tags).toEqual(['alpha', 'area/work', 'launch', 'nested/topic-x_y', 'project', 'risk']);
    expect(note.aliases).toEqual(['Plan B', 'The Plan']);
    expect(note.links).toEqual(['Roadmap', 'Specs/Auth']);
    expect(note.embeds).toEqual(['diagram.png', 'Specs/Auth']);
    expect(note.title).toBe('Launch plan');
    expect(note.bodyStartLine).toBe(10);
    expect(note.body.startsWith('# Launch plan\n')).toBe(true);
    expect(note.headings).toEqual([
      { depth: 1, text: 'Launch plan', line: 10 },
      { depth: 2, text: 'Risks', line: 20 },
      { depth: 3, text: 'Mitigation', line: 24 },
    ]);
  });

  it('gives the same lines and metadata when the file uses CRLF line endings', () => {
    const lf = parseNote('projects/plan.md', PLAN);
    const crlf = parseNote('projects/plan.md', PLAN.replaceAll('\n', '\r\n'));
    expect(crlf.headings).toEqual(lf.headings);
    expect(crlf.bodyStartLine).toBe(lf.bodyStartLine);
    expect({ ...crlf, body: undefined }).toEqual({ ...lf, body: undefined });
  });

  it('keeps the body and records a readable error with the file line when the YAML is broken', () => {
    const source = ['---', 'title: Broken', 'tags: [a, b', 'owner: Ada', '---', '# Still here', 'Body #kept'].join('\n');
    const note = parseNote('broken.md', source);
    expect(note.frontmatter).toEqual({});
    expect(note.frontmatterError).toMatch(/not valid YAML at line 4/);
    expect(note.frontmatterError).toMatch(/Fix the YAML/);
    expect(note.body).toBe('# Still here\nBody #kept');
    expect(note.bodyStartLine).toBe(6);
    expect(note.headings).toEqual([{ depth: 1, text: 'Still here', line: 6 }]);
    expect(note.tags).toEqual(['kept']);
  });

  it('indexes the whole note and says what to add when the frontmatter is never closed', () => {
    const note = parseNote('open.md', '---\ntitle: x\n\n# Heading\ntext');
    expect(note.frontmatterError).toMatch(/no closing '---' line/);
    expect(note.bodyStartLine).toBe(1);
    expect(note.headings).toEqual([{ depth: 1, text: 'Heading', line: 4 }]);
  });

  it('reports frontmatter that is a list instead of properties', () => {
    const note = parseNote('list.md', '---\n- a\n- b\n---\ntext');
    expect(note.frontmatter).toEqual({});
    expect(note.frontmatterError).toMatch(/"key: value" lines/);
    expect(note.body).toBe('text');
  });

  it('never runs JavaScript frontmatter', () => {
    const marker = '__vaultplane_frontmatter_ran__';
    const source = `---js\n{ ran: (globalThis.${marker} = true) }\n---\n# Body`;
    const note = parseNote('code.md', source);
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
    expect(note.frontmatter).toEqual({});
    // Not frontmatter by Obsidian's rule either: the text stays in the body.
    expect(note.body).toBe(source);
  });

  it('returns fresh frontmatter objects for identical sources (no shared cache)', () => {
    const source = '---\nlist: [1, 2]\n---\ntext';
    const first = parseNote('a.md', source);
    (first.frontmatter.list as number[]).push(3);
    first.frontmatter.extra = true;
    const second = parseNote('a.md', source);
    expect(second.frontmatter).toEqual({ list: [1, 2] });
  });

  it('splits frontmatter tags given as a string and drops invalid ones', () => {
    expect(parseNote('a.md', '---\ntags: "a, #B c"\n---\n').tags).toEqual(['a', 'b', 'c']);
    expect(parseNote('a.md', '---\ntags: [2024, "x y"]\n---\n').tags).toEqual(['x', 'y']);
    expect(parseNote('a.md', '---\ntag: single\nalias: "One, Two"\n---\n').aliases).toEqual(['One', 'Two']);
  });

  it('handles an empty note and a note that is only frontmatter', () => {
    const empty = parseNote('folder/Empty Note.md', '');
    expect(empty).toMatchObject({ title: 'Empty Note', body: '', bodyStartLine: 1, tags: [], headings: [] });
    const onlyFrontmatter = parseNote('x.md', '---\ntags: solo\n---');
    expect(onlyFrontmatter).toMatchObject({ title: 'x', body: '', bodyStartLine: 4, tags: ['solo'] });
  });

  it('uses the first non-empty H1 as title, else the file name', () => {
    expect(parseNote('a/b/My Note.md', '## Sub\ntext').title).toBe('My Note');
    expect(parseNote('n.md', 'intro\n\n# **Bold** title\n# Second').title).toBe('Bold title');
  });

  it('reads setext headings, headings in quotes and code in headings as CommonMark does', () => {
    const note = parseNote('s.md', 'Title\n=====\n\ntext\n\n> ## Quoted `#x`\n\n    # indented code #nottag\n');
    expect(note.headings).toEqual([
      { depth: 1, text: 'Title', line: 1 },
      { depth: 2, text: 'Quoted #x', line: 6 },
    ]);
    expect(note.tags).toEqual([]);
  });

  it('ignores tags and links in HTML comments and tildes fences, not in ordinary text', () => {
    const note = parseNote('h.md', '<!-- #hidden [[Hidden]] -->\n~~~\n#no [[No]]\n~~~\nvisible #yes [[Yes]]');
    expect(note.tags).toEqual(['yes']);
    expect(note.links).toEqual(['Yes']);
  });

  it('reads a multi-megabyte line full of code spans', () => {
    const note = parseNote('spans.md', `#before ${'`#x` [[In]] '.repeat(300_000)}#after [[Out]]`);
    expect(note.tags).toEqual(['after', 'before']);
    expect(note.links).toEqual(['In', 'Out']);
  });

  it('survives NUL bytes and a multi-megabyte single line', () => {
    const line = `start #first ${'word\u0000 '.repeat(400_000)}[[End]] #last`;
    const note = parseNote('long.md', `# Long\n${line}\n`);
    expect(note.headings).toEqual([{ depth: 1, text: 'Long', line: 1 }]);
    expect(note.tags).toEqual(['first', 'last']);
    expect(note.links).toEqual(['End']);
  });

  it('parses a 20 MB note with sane output', () => {
    const section = (index: number): string =>
      [
        `## Section ${index}`,
        '',
        `Paragraph with #topic${index % 7} and [[Note ${index % 11}]] in it, and some filler words to pad the line.`,
        '```',
        `#incode${index} [[InCode ${index}]]`,
        '```',
        '',
      ].join('\n');
    const parts = ['---', 'tags: huge', '---', '# Huge'];
    let size = 0;
    let count = 0;
    while (size < 20 * 1024 * 1024) {
      const text = section(count);
      parts.push(text);
      size += text.length + 1;
      count += 1;
    }
    const note = parseNote('huge.md', parts.join('\n'));
    expect(note.body.length).toBeGreaterThan(MAX_REMARK_CHARS);
    expect(note.headings).toHaveLength(count + 1);
    expect(note.headings[1]).toEqual({ depth: 2, text: 'Section 0', line: 5 });
    expect(note.headings.at(-1)?.text).toBe(`Section ${count - 1}`);
    expect(note.tags).toEqual(['huge', 'topic0', 'topic1', 'topic2', 'topic3', 'topic4', 'topic5', 'topic6']);
    expect(note.links).toHaveLength(11);
    expect(note.links.some((link) => link.startsWith('InCode'))).toBe(false);
  });
});
