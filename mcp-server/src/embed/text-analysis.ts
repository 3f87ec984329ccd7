/**
 * Turns note text into index terms for the built-in embedder: markdown noise out, words
 * lower-cased and accent-folded, English stopwords dropped, Porter-stemmed. Pure.
 */
import { porterStem } from './porter-stemmer';

/** A common English stopword list (the one Lucene/Snowball-style analysers ship, plus a few query words). */
const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are aren as at be because been before being below ' +
    'between both but by can cannot could couldn did didn do does doesn doing don down during each few for from ' +
    'further had hadn has hasn have haven having he her here hers herself him himself his how i if in into is isn ' +
    'it its itself just let ll me more most mustn my myself no nor not of off on once only or other ought our ours ' +
    'ourselves out over own re same shan she should shouldn so some such than that the their theirs them themselves ' +
    'then there these they this those through to too under until up ve very was wasn we were weren what when where ' +
    'which while who whom why will with won would wouldn you your yours yourself yourselves ' +
    'also may might must shall us via etc eg ie'
  ).split(' '),
);

/** Longer runs are hashes, base64 or minified code: never useful terms. */
const MAX_TOKEN_LENGTH = 32;
const WORD = /[\p{L}\p{N}]+/gu;
const COMBINING_MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\x00-\x7f]/;

/** Markdown and web syntax whose words would only add noise. */
const NOISE: readonly RegExp[] = [
  /```[^\n]*\n[\s\S]*?(?:```|$)/g, // fenced code blocks: identifiers, not prose
  /<!--[\s\S]*?-->/g, // HTML comments
  /<\/?[a-zA-Z][^>\n]*>/g, // HTML tags (their text content stays)
  /\]\([^)\s]*(?:\s+"[^"]*")?\)/g, // link targets: keep "[text]", drop "(url)"
  /\b(?:https?|ftp|file|obsidian):\/\/\S+/g, // bare URLs
];
/** [[target#heading|alias]]: the alias is what the reader sees, the target names the topic. */
const ALIASED_WIKILINK = /\[\[([^\]|#]*)(?:#[^\]|]*)?\|([^\]]*)\]\]/g;

/** Removes markdown syntax noise but keeps the words a reader sees. */
export function stripMarkdownNoise(text: string): string {
  let out = text;
  for (const pattern of NOISE) out = out.replace(pattern, ' ');
  return out.replace(ALIASED_WIKILINK, ' $1 $2 ');
}

/** Lower-cased, accent-folded words (letters and digits), in order, stopwords kept. */
export function tokenize(text: string): string[] {
  const stripped = stripMarkdownNoise(text);
  // Accent folding is only needed beyond ASCII, and most notes are ASCII through and through.
  const folded = (NON_ASCII.test(stripped) ? stripped.normalize('NFKD').replace(COMBINING_MARKS, '') : stripped).toLowerCase();
  const tokens: string[] = [];
  for (const match of folded.matchAll(WORD)) {
    const word = match[0];
    if (word.length > MAX_TOKEN_LENGTH) continue;
    tokens.push(word);
  }
  return tokens;
}

export interface AnalyzeOptions {
  /** Keep stopwords (default false). */
  keepStopwords?: boolean;
}

/**
 * Index terms of a text: tokenized, stopwords and one-letter words dropped, stemmed.
 * Purely numeric tokens stay (model numbers, years, Mach numbers carry meaning).
 */
export function analyze(text: string, options: AnalyzeOptions = {}): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    if (token.length < 2) continue;
    if (!options.keepStopwords && ENGLISH_STOPWORDS.has(token)) continue;
    terms.push(/^[a-z]+$/.test(token) ? stemCached(token) : token);
  }
  return terms;
}

// Stemming dominates analysis time on large vaults; words repeat heavily (Zipf), so memoise.
const STEM_CACHE = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

function stemCached(word: string): string {
  let stem = STEM_CACHE.get(word);
  if (stem === undefined) {
    stem = porterStem(word);
    if (STEM_CACHE.size >= STEM_CACHE_LIMIT) STEM_CACHE.clear();
    STEM_CACHE.set(word, stem);
  }
  return stem;
}
