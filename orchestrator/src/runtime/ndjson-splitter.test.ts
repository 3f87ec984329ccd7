import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NdjsonSplitter } from './ndjson-splitter';

function feed(splitter: NdjsonSplitter, chunks: readonly Uint8Array[]): unknown[] {
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
}

/** Cuts `wire` at the given offsets (any order, duplicates allowed). */
function cut(wire: Buffer, offsets: readonly number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => (wire.length === 0 ? 0 : o % (wire.length + 1))))].sort((a, b) => a - b);
  const bounds = [0, ...points, wire.length];
  return bounds.slice(1).map((end, i) => wire.subarray(bounds[i], end));
}

const event = { status: 'die', id: 'abc', Actor: { Attributes: { name: 'grüße ✓', exitCode: '3' } }, timeNano: 1 };

describe('NdjsonSplitter', () => {
  it('yields one value per line and keeps a partial line for the next chunk', () => {
    const splitter = new NdjsonSplitter();
    expect(splitter.push(Buffer.from('{"a":1}\n{"b":'))).toEqual([{ a: 1 }]);
    expect(splitter.push(Buffer.from('2}\n'))).toEqual([{ b: 2 }]);
    expect(splitter.end()).toEqual([]);
  });

  it('reassembles a multi-byte character cut between chunks', () => {
    const wire = Buffer.from(`${JSON.stringify(event)}\n`);
    const at = wire.indexOf(Buffer.from('✓')) + 1; // inside the 3-byte character
    expect(feed(new NdjsonSplitter(), [wire.subarray(0, at), wire.subarray(at)])).toEqual([event]);
  });

  it('accepts CRLF, blank lines and a last line without a newline', () => {
    expect(feed(new NdjsonSplitter(), [Buffer.from('{"a":1}\r\n\n  \n{"b":2}')])).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('says which line is not JSON instead of skipping it', () => {
    expect(() => new NdjsonSplitter().push(Buffer.from('{"a":1}\nnot json\n'))).toThrow(/not JSON: not json/);
  });

  it('gives the same values however the stream is cut into chunks', () => {
    const values = fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 10 });
    fc.assert(
      fc.property(values, fc.array(fc.nat(), { maxLength: 12 }), (list, offsets) => {
        // JSON.stringify drops -0 and keeps no newlines inside, as the engine's encoder does.
        const expected = list.map((v) => JSON.parse(JSON.stringify(v)) as unknown);
        const wire = Buffer.from(list.map((v) => `${JSON.stringify(v)}\n`).join(''));
        expect(feed(new NdjsonSplitter(), cut(wire, offsets))).toEqual(expected);
      }),
    );
  });

  it('survives byte-at-a-time delivery of unicode-heavy lines', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { maxLength: 6 }), (texts) => {
        const wire = Buffer.from(texts.map((t) => `${JSON.stringify({ t })}\n`).join(''));
        const bytes = [...wire].map((b) => Buffer.from([b]));
        expect(feed(new NdjsonSplitter(), bytes)).toEqual(texts.map((t) => ({ t })));
      }),
    );
  });
});
