import { describe, expect, it } from 'vitest';
import {
  BuiltinEmbedder,
  deserializeBuiltinModel,
  MIN_TRAINING_DOCUMENTS,
  serializeBuiltinModel,
  shouldRetrain,
  trainBuiltinModel,
  type BuiltinModel,
} from './builtin-embedder';
import { ModelFormatError } from './builtin-model-codec';
import type { VocabularyTally } from './embedder';

const TOPICS = {
  vehicles: ['engine', 'wheels', 'fuel', 'driver', 'garage', 'brakes', 'mechanic', 'tyres'],
  gardening: ['tomato', 'compost', 'seedlings', 'soil', 'garden', 'watering', 'pruning', 'roses'],
  finance: ['budget', 'invoice', 'ledger', 'expenses', 'quarterly', 'accounts', 'payroll', 'audit'],
};

/** A vault where "car" and "automobile" never meet but share every context word. */
function corpus(): string[] {
  const texts: string[] = [];
  for (const [topic, words] of Object.entries(TOPICS)) {
    for (let n = 0; n < 12; n += 1) {
      const picked = words.filter((_, i) => (i + n) % 3 !== 0);
      const subject = topic === 'vehicles' ? (n % 2 === 0 ? 'car' : 'automobile') : '';
      texts.push(`# ${topic} note ${n}\n\nThe ${subject} ${picked.join(' and ')} notes ${n}.`);
    }
  }
  return texts;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

function norm(a: Float32Array): number {
  return Math.sqrt(cosine(a, a));
}

describe('the built-in embedder trained on a vault', () => {
  const texts = corpus();
  const model = trainBuiltinModel(texts);
  const embedder = new BuiltinEmbedder(model);

  it('learns that words used in the same contexts are related: "automobile" finds notes that only say "car"', async () => {
    expect(model.kind).toBe('cooccurrence');
    const docs = await embedder.embedDocuments(texts);
    const query = await embedder.embedQuery('automobile');
    const carOnly = texts.map((text, i) => ({ text, score: cosine(query, docs[i]!) })).filter(({ text }) => /\bcar\b/.test(text));
    const otherTopics = texts
      .map((text, i) => ({ text, score: cosine(query, docs[i]!) }))
      .filter(({ text }) => !text.includes('vehicles'));
    expect(carOnly).toHaveLength(6);
    const weakestCar = Math.min(...carOnly.map(({ score }) => score));
    const strongestOther = Math.max(...otherTopics.map(({ score }) => score));
    expect(weakestCar).toBeGreaterThan(strongestOther);
  });

  it('returns unit vectors of the advertised dimension, and names itself after the model', async () => {
    const [vector] = await embedder.embedDocuments([texts[0]!]);
    expect(vector).toHaveLength(embedder.dimension);
    expect(norm(vector!)).toBeCloseTo(1, 5);
    expect(norm(await embedder.embedQuery('garden soil'))).toBeCloseTo(1, 5);
    expect(embedder.id).toMatch(/^builtin-cooc-v1:[0-9a-f]{12}$/);
  });

  it('is deterministic: the same vault gives the same model id and vectors', async () => {
    const again = new BuiltinEmbedder(trainBuiltinModel(corpus()));
    expect(again.id).toBe(embedder.id);
    expect(Array.from(await again.embedQuery('quarterly budget'))).toEqual(Array.from(await embedder.embedQuery('quarterly budget')));
  });

  it('a different vault gives a different id, so the index re-embeds instead of mixing vectors', () => {
    const changed = new BuiltinEmbedder(trainBuiltinModel([...corpus(), 'A new note about tomato soil and compost.']));
    expect(changed.id).not.toBe(embedder.id);
  });

  it('a query of unknown words has no semantic signal (all zeros); an empty chunk still gets a unit vector', async () => {
    const unknown = await embedder.embedQuery('zzyzx quux');
    expect(unknown.every((value) => value === 0)).toBe(true);
    const [empty] = await embedder.embedDocuments(['']);
    expect(norm(empty!)).toBeCloseTo(1, 6);
  });

  it('survives a save and load byte for byte, with the same id and vectors', async () => {
    const bytes = serializeBuiltinModel(model);
    const loaded = deserializeBuiltinModel(bytes);
    expect(serializeBuiltinModel(loaded)).toEqual(bytes);
    const reloaded = new BuiltinEmbedder(loaded);
    expect(reloaded.id).toBe(embedder.id);
    expect(Array.from(await reloaded.embedQuery('engine brakes'))).toEqual(Array.from(await embedder.embedQuery('engine brakes')));
  });

  it('refuses a damaged or foreign model file with a message that says what to do', () => {
    const bytes = serializeBuiltinModel(model);
    expect(() => deserializeBuiltinModel(bytes.subarray(0, bytes.length - 7))).toThrow(ModelFormatError);
    expect(() => deserializeBuiltinModel(bytes.subarray(0, bytes.length - 7))).toThrow(/truncated.*delete the model file/);
    expect(() => deserializeBuiltinModel(new TextEncoder().encode('{"not":"a model"}'))).toThrow(/bad magic bytes/);
    const wrongVersion = bytes.slice();
    new DataView(wrongVersion.buffer).setUint32(4, 99, true);
    expect(() => deserializeBuiltinModel(wrongVersion)).toThrow(/format 99/);
  });

  it('tallies how much of each text its vocabulary covers while embedding it', async () => {
    const tallies: VocabularyTally[] = [];
    await new BuiltinEmbedder(model).embedDocuments(['engine wheels budget', 'engine quasar nebula pulsar'], tallies);
    expect(tallies).toEqual([
      { terms: 3, known: 3 },
      { terms: 4, known: 1 },
    ]);
  });
});

describe('a vault too small to learn from', () => {
  const tiny = ['# Tomatoes\n\nWater the tomato seedlings.', '# Budget\n\nThe quarterly budget is due.', '# Car\n\nService the car engine.'];
  const model = trainBuiltinModel(tiny);
  const embedder = new BuiltinEmbedder(model);

  it('uses hashed word features under its own id, and still ranks shared words first', async () => {
    expect(model.kind).toBe('hashed');
    expect(embedder.id).toBe(`builtin-hash-v1:${embedder.dimension}`);
    const docs = await embedder.embedDocuments(tiny);
    const query = await embedder.embedQuery('tomato seedlings');
    const scores = docs.map((doc) => cosine(query, doc));
    expect(scores[0]).toBeGreaterThan(scores[1]!);
    expect(scores[0]).toBeGreaterThan(scores[2]!);
    expect(norm(docs[0]!)).toBeCloseTo(1, 5);
  });

  it('an empty vault works too', async () => {
    const empty = new BuiltinEmbedder(trainBuiltinModel([]));
    expect(empty.id).toMatch(/^builtin-hash-v1/);
    expect(norm(await empty.embedQuery('anything at all'))).toBeCloseTo(1, 5);
  });

  it('round-trips through bytes', () => {
    expect(deserializeBuiltinModel(serializeBuiltinModel(model))).toEqual(model);
  });
});

describe('shouldRetrain: the refresh policy', () => {
  const trained: BuiltinModel = trainBuiltinModel(corpus());
  const tiny: BuiltinModel = trainBuiltinModel(['one note']);

  it('trains a real model once the vault reaches the minimum size', () => {
    expect(shouldRetrain(tiny, { documents: MIN_TRAINING_DOCUMENTS - 1 })).toBe(false);
    expect(shouldRetrain(tiny, { documents: MIN_TRAINING_DOCUMENTS })).toBe(true);
  });

  it('retrains when the vault grew or shrank by more than a quarter, not for small edits', () => {
    const seen = trained.documents;
    expect(shouldRetrain(trained, { documents: seen })).toBe(false);
    expect(shouldRetrain(trained, { documents: Math.floor(seen * 1.2) })).toBe(false);
    expect(shouldRetrain(trained, { documents: Math.ceil(seen * 1.3) })).toBe(true);
    expect(shouldRetrain(trained, { documents: Math.floor(seen * 0.7) })).toBe(true);
  });

  it('retrains when much of the current wording is new to the model', () => {
    expect(trained.kind === 'cooccurrence' && trained.coverage).toBeGreaterThan(0.9);
    expect(shouldRetrain(trained, { documents: trained.documents, termCoverage: 0.95 })).toBe(false);
    expect(shouldRetrain(trained, { documents: trained.documents, termCoverage: 0.6 })).toBe(true);
  });
});
