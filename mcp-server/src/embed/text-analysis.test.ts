import { describe, expect, it } from 'vitest';
import { analyze, stripMarkdownNoise, tokenize } from './text-analysis';

describe('tokenize', () => {
  it('lower-cases, folds accents and keeps letters and digits of any script', () => {
    expect(tokenize('Café RÉSUMÉ naïve Zürich 2024 Straße москва')).toEqual([
      'cafe', 'resume', 'naive', 'zurich', '2024', 'straße', 'москва',
    ]); // prettier-ignore
  });

  it('drops markdown noise but keeps what a reader sees', () => {
    const text = [
      'See [the guide](https://example.com/guide?x=1) and [[Project Plan|the plan]].',
      '<div class="note">Inline <b>html</b> text</div> <!-- hidden remark -->',
      '```js',
      'const secretIdentifier = 1;',
      '```',
      'Visit https://example.org/path now.',
    ].join('\n');
    const tokens = tokenize(text);
    expect(tokens).toEqual(expect.arrayContaining(['see', 'the', 'guide', 'project', 'plan', 'inline', 'html', 'text', 'visit', 'now']));
    for (const noise of ['https', 'example', 'com', 'div', 'class', 'hidden', 'remark', 'secretidentifier', 'const', 'org']) {
      expect(tokens).not.toContain(noise);
    }
  });

  it('skips runs too long to be words (hashes, base64)', () => {
    expect(tokenize(`id ${'a1'.repeat(40)} end`)).toEqual(['id', 'end']);
  });

  it('keeps the alias of a wikilink and its target', () => {
    expect(stripMarkdownNoise('[[Heat Transfer#Slabs|conduction]]')).toContain('conduction');
    expect(stripMarkdownNoise('[[Heat Transfer#Slabs|conduction]]')).toContain('Heat Transfer');
  });
});

describe('analyze', () => {
  it('drops stopwords and one-letter words and stems the rest', () => {
    expect(analyze('What are the effects of the boundary layers on a heated wing?')).toEqual([
      'effect', 'boundari', 'layer', 'heat', 'wing',
    ]); // prettier-ignore
  });

  it('keeps numbers of two or more digits (years, model numbers) unstemmed; single digits are list noise', () => {
    expect(analyze('Mach 2.5 tests in 1958 on the X15s')).toEqual(['mach', 'test', '1958', 'x15s']);
  });

  it('can keep stopwords', () => {
    expect(analyze('the wing', { keepStopwords: true })).toEqual(['the', 'wing']);
  });
});
