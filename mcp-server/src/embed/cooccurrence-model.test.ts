import { describe, expect, it } from 'vitest';
import { joinSectionPieces, projectText, trainCooccurrenceModel } from './cooccurrence-model';
import { seededRandom } from './linear-algebra';
import { analyze } from './text-analysis';

describe('joinSectionPieces', () => {
  it('rejoins consecutive pieces of one section and drops the lines a piece repeats', () => {
    const pieces = [
      'Plan > Risks\n## Risks\nline one\nline two\nline three',
      'Plan > Risks\nline three\nline four', // repeats "line three" (chunk overlap)
      'Plan > Budget\n## Budget\nmoney',
      'Other note\nline three', // same words, another section: not joined
    ];
    expect(joinSectionPieces(pieces)).toEqual([
      'Plan > Risks\n## Risks\nline one\nline two\nline three\nline four',
      'Plan > Budget\n## Budget\nmoney',
      'Other note\nline three',
    ]);
  });

  it('never joins texts without a context line, and keeps single texts as they are', () => {
    expect(joinSectionPieces(['\nalpha', '\nbeta'])).toEqual(['\nalpha', '\nbeta']);
    expect(joinSectionPieces(['just one line'])).toEqual(['just one line']);
    expect(joinSectionPieces([])).toEqual([]);
  });
});

const VEHICLE = 'engine wheels fuel brakes garage mechanic tyres gearbox clutch exhaust radiator battery'.split(' ');
const GARDEN = 'compost soil seedlings watering greenhouse mulch pruning harvest fertiliser trellis weeds sunlight'.split(' ');
const SHARED = 'note today check review update list plan week'.split(' ');

/** Two topics; "car" and "automobile" (and "tomato" and "cucumber") never meet in one note but share their contexts. */
function corpus(size: number): string[] {
  const random = seededRandom(11);
  const pick = (words: string[], count: number) => Array.from({ length: count }, () => words[Math.floor(random() * words.length)]!);
  return Array.from({ length: size }, (_, n) => {
    const vehicle = n % 2 === 0;
    const subject = vehicle ? (n % 4 === 0 ? 'car' : 'automobile') : n % 4 === 1 ? 'tomato' : 'cucumber';
    return `Note ${n}\nThe ${subject} ${pick(vehicle ? VEHICLE : GARDEN, 6).join(' ')} ${pick(SHARED, 3).join(' ')}.`;
  });
}

function cosine(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, value, index) => sum + value * b[index]!, 0);
}

describe('trainCooccurrenceModel', () => {
  it('learns from a sample of a big vault and still gives every section-level word a vector (fold-in)', () => {
    const texts = corpus(400);
    // Few latent dimensions for few topics: the compression is what merges words of one topic.
    const model = trainCooccurrenceModel(texts, { rank: 4, maxSvdRows: 60 })!;
    expect(model.documents).toBe(400);
    // Words the sample may never have seen still have vectors after the fold-in pass.
    for (const word of ['car', 'automobile', 'tomato', 'cucumber', 'greenhouse']) {
      const id = model.features.indexOf(analyze(word)[0]!);
      expect(id).toBeGreaterThanOrEqual(0);
      expect(model.rowScales[id]).toBeGreaterThan(0);
    }
    const car = projectText(model, 'car', 'query')!;
    const automobile = projectText(model, 'automobile', 'query')!;
    const tomato = projectText(model, 'tomato', 'query')!;
    expect(cosine(car, automobile)).toBeGreaterThan(0.8);
    expect(cosine(car, tomato)).toBeLessThan(0.2);
  });

  it('counts the chunks it was given, not the sections they form, for the refresh policy', () => {
    const pieces = corpus(30).flatMap((text) => {
      const [first, ...rest] = text.split('\n');
      return [`${first}\npart one ${rest.join(' ')}`, `${first}\npart two`];
    });
    expect(trainCooccurrenceModel(pieces)!.documents).toBe(60);
  });

  it('gives up (undefined) when there is nothing shared to learn from', () => {
    expect(trainCooccurrenceModel(['alpha', 'beta'])).toBeUndefined();
    expect(trainCooccurrenceModel(['only one text'])).toBeUndefined();
  });
});
