import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractInlineTags, extractWikilinks, maskRanges } from './inline-syntax';
import { scanLines } from './line-scan';
import type { MarkdownStructure } from './markdown-structure';
import { scanWithRemark } from './remark-scan';

/** What a note's metadata depends on: headings, and the tags and links outside code. */
function observable(markdown: string, structure: MarkdownStructure) {
  const { links, embeds, withoutLinks } = extractWikilinks(maskRanges(markdown, structure.codeRanges));
  return { headings: structure.headings, links, embeds, tags: extractInlineTags(withoutLinks) };
}

const word = fc.constantFrom('alpha', 'Beta', 'C#', '#tag', '#Nested/Tag', '#123', 'a#b', '[[Link]]', '![[Pic.png]]', '[[Doc#Part|alias]]', 'x', '1.', '-', '*', '#', '&', 'R&D', '[a](b)');
const words = fc.array(word, { minLength: 1, maxLength: 6 }).map((list) => list.join(' '));
const codeWords = fc.array(fc.oneof(word, fc.constantFrom('<x>', '&amp;', '</p>')), { minLength: 1, maxLength: 4 });
const code = fc
  .tuple(fc.constantFrom('`', '``'), codeWords)
  .map(([ticks, list]) => `${ticks}${list.join(' ')}${ticks}`);
const inline = fc.array(fc.oneof(words, code), { minLength: 1, maxLength: 3 }).map((list) => list.join(' '));
// Starting with a plain word keeps `- # x` (a heading in a list item) out of plain lines.
const prose = inline.map((text) => `text ${text}`);

/** Lines the scanner claims to read exactly as remark does. */
const plainLine = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 6 }), fc.constantFrom('', ' ', '  '), words, fc.constantFrom('', ' #', ' ##', '#')).map(
    ([depth, indent, text, closing]) => `${indent}${'#'.repeat(depth)} ${text.replace(/[[\]*]/g, '')}${closing}`,
  ),
  prose,
  prose.map((text) => `- ${text}`),
  prose.map((text) => `  - ${text}`),
  prose.map((text) => `1. ${text}`),
  prose.map((text) => `> ${text}`),
  fc.constant(''),
);

/** Everything else: fences, setext underlines, indented code, HTML, escapes, unpaired ticks. */
const hardLine = fc.oneof(
  plainLine,
  inline,
  fc.constantFrom('```', '```js', '~~~', '    ```', '- ```', '> ```', '---', '===', '<!-- #c [[C]]', '-->', '<div>', '\\`x`', '[a](x`#y`) [[L]]', '[a](b "t`#x`") #y', '# Q &amp; A', '# A &#35;x', '<b>#x</b> `y`', '`a` <i>#x</i>', '\t-', '> ---', '  ==='),
  inline.map((text) => `    ${text}`),
  inline.map((text) => `\t${text}`),
  inline.map((text) => `> # ${text}`),
  inline.map((text) => `- # ${text}`),
  inline.map((text) => `# *${text}*`),
  inline.map((text) => `${text} \``),
  inline.map((text) => `${text} <x> #y`),
);

const note = (line: fc.Arbitrary<string>) =>
  fc.tuple(fc.array(line, { maxLength: 14 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol));

describe('scanLines', () => {
  it('is exact for plain notes and then agrees with remark', () => {
    fc.assert(
      fc.property(note(plainLine), (markdown) => {
        const scan = scanLines(markdown);
        expect(scan.exact).toBe(true);
        expect(observable(markdown, scan)).toEqual(observable(markdown, scanWithRemark(markdown)));
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with remark whenever it claims to be exact', () => {
    fc.assert(
      fc.property(note(hardLine), (markdown) => {
        const scan = scanLines(markdown);
        if (!scan.exact) return;
        expect(observable(markdown, scan)).toEqual(observable(markdown, scanWithRemark(markdown)));
      }),
      { numRuns: 1000 },
    );
  });

  it('masks fenced code inside lists and unclosed fences in approximate mode', () => {
    const markdown = '- item\n  ```\n  #incode\n  ```\n- next #tag\n```\n#open [[Open]]';
    const scan = scanLines(markdown);
    expect(scan.exact).toBe(false);
    expect(observable(markdown, scan)).toMatchObject({ tags: ['tag'], links: [] });
  });

  it('does not treat a fence opener with backticks in its info string as a fence', () => {
    const scan = scanLines('``` a ` b\n#tag');
    expect(observable('``` a ` b\n#tag', scan).tags).toEqual(['tag']);
  });

  it('numbers lines by CR, LF and CRLF alike', () => {
    expect(scanLines('a\rb\r\n# H\nc').headings).toEqual([{ depth: 1, text: 'H', line: 3 }]);
  });
});
