/**
 * The Porter (1980) suffix-stripping stemmer, as published in "An algorithm for suffix
 * stripping" (Program 14(3)), in the reference implementation's reading of the rules.
 * Pure; expects one lower-case word.
 */

function isConsonant(word: string, index: number): boolean {
  const char = word[index];
  if (char === 'a' || char === 'e' || char === 'i' || char === 'o' || char === 'u') return false;
  if (char === 'y') return index === 0 || !isConsonant(word, index - 1);
  return true;
}

/** m in the paper: the number of vowel-consonant sequences in word[0, end). */
function measure(word: string, end: number): number {
  let count = 0;
  let index = 0;
  while (index < end && isConsonant(word, index)) index += 1;
  while (index < end) {
    while (index < end && !isConsonant(word, index)) index += 1;
    if (index >= end) break;
    count += 1;
    while (index < end && isConsonant(word, index)) index += 1;
  }
  return count;
}

function hasVowel(word: string, end: number): boolean {
  for (let index = 0; index < end; index += 1) if (!isConsonant(word, index)) return true;
  return false;
}

function endsWithDoubleConsonant(word: string, end: number): boolean {
  return end >= 2 && word[end - 1] === word[end - 2] && isConsonant(word, end - 1);
}

/** *o in the paper: stem ends consonant-vowel-consonant, the last not w, x or y. */
function endsCvc(word: string, end: number): boolean {
  if (end < 3) return false;
  if (!isConsonant(word, end - 1) || isConsonant(word, end - 2) || !isConsonant(word, end - 3)) return false;
  const last = word[end - 1];
  return last !== 'w' && last !== 'x' && last !== 'y';
}

type Rule = readonly [suffix: string, replacement: string];

/** Replaces the first matching suffix when the remaining stem has m > minMeasure. */
function applyRules(word: string, rules: readonly Rule[], minMeasure: number): string {
  for (const [suffix, replacement] of rules) {
    if (!word.endsWith(suffix)) continue;
    const stemEnd = word.length - suffix.length;
    return measure(word, stemEnd) > minMeasure ? word.slice(0, stemEnd) + replacement : word;
  }
  return word;
}

const STEP2_RULES: readonly Rule[] = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['bli', 'ble'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['logi', 'log'],
];

const STEP3_RULES: readonly Rule[] = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
];

const STEP4_SUFFIXES = [
  'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent',
  'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize',
];

/** Longest-suffix-first, as the reference implementation switches on the penultimate letter. */
function longestFirst(rules: readonly Rule[]): readonly Rule[] {
  return [...rules].sort((a, b) => b[0].length - a[0].length);
}
const STEP2 = longestFirst(STEP2_RULES);
const STEP3 = longestFirst(STEP3_RULES);
const STEP4 = [...STEP4_SUFFIXES].sort((a, b) => b.length - a.length);

function step1ab(word: string): string {
  if (word.endsWith('sses')) word = word.slice(0, -2);
  else if (word.endsWith('ies')) word = word.slice(0, -2);
  else if (!word.endsWith('ss') && word.endsWith('s')) word = word.slice(0, -1);

  if (word.endsWith('eed')) {
    return measure(word, word.length - 3) > 0 ? word.slice(0, -1) : word;
  }
  let stemEnd = -1;
  if (word.endsWith('ed')) stemEnd = word.length - 2;
  else if (word.endsWith('ing')) stemEnd = word.length - 3;
  if (stemEnd < 0 || !hasVowel(word, stemEnd)) return word;
  word = word.slice(0, stemEnd);
  if (word.endsWith('at') || word.endsWith('bl') || word.endsWith('iz')) return word + 'e';
  if (endsWithDoubleConsonant(word, word.length)) {
    const last = word[word.length - 1];
    return last === 'l' || last === 's' || last === 'z' ? word : word.slice(0, -1);
  }
  if (measure(word, word.length) === 1 && endsCvc(word, word.length)) return word + 'e';
  return word;
}

function step1c(word: string): string {
  return word.endsWith('y') && hasVowel(word, word.length - 1) ? word.slice(0, -1) + 'i' : word;
}

function step4(word: string): string {
  for (const suffix of STEP4) {
    if (!word.endsWith(suffix)) continue;
    const stemEnd = word.length - suffix.length;
    if (suffix === 'ion') {
      const before = word[stemEnd - 1];
      if (before !== 's' && before !== 't') return word;
    }
    return measure(word, stemEnd) > 1 ? word.slice(0, stemEnd) : word;
  }
  return word;
}

function step5(word: string): string {
  if (word.endsWith('e')) {
    const stemEnd = word.length - 1;
    const m = measure(word, stemEnd);
    if (m > 1 || (m === 1 && !endsCvc(word, stemEnd))) word = word.slice(0, stemEnd);
  }
  if (word.endsWith('ll') && measure(word, word.length) > 1) word = word.slice(0, -1);
  return word;
}

export function porterStem(word: string): string {
  if (word.length <= 2) return word;
  let stem = step1ab(word);
  stem = step1c(stem);
  stem = applyRules(stem, STEP2, 0);
  stem = applyRules(stem, STEP3, 0);
  stem = step4(stem);
  return step5(stem);
}
