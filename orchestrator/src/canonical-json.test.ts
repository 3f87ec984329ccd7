import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text for the same value whatever the key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(object));
        expect(JSON.parse(canonicalJson(object))).toEqual(JSON.parse(JSON.stringify(object)));
      }),
    );
  });

  it('is what JSON.stringify gives once keys are sorted, so text parsed back canonicalises to itself', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(text).not.toMatch(/^\s|\s$/);
      }),
    );
  });

  it('writes numbers in their shortest round-trip form, -0 as 0', () => {
    expect(canonicalJson([1.0, 0.1, 1e21, 1e-7, -0, 100, 0.5, 2 ** 53])).toBe('[1,0.1,1e+21,1e-7,0,100,0.5,9007199254740992]');
    // Text with other spellings of the same numbers canonicalises to the same text.
    expect(canonicalJson(JSON.parse('{"cpu":0.50,"memoryMb":2.56e2}'))).toBe('{"cpu":0.5,"memoryMb":256}');
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ é: 1, Z: 2, a: 3, '10': 4, '9': 5, '😀': 6, '\uff61': 7 })).toBe('{"10":4,"9":5,"Z":2,"a":3,"é":1,"😀":6,"｡":7}');
  });

  it('keeps a member named __proto__, so it cannot drop out of signed text', () => {
    const parsed = JSON.parse('{"name":"job","__proto__":{"privileged":true}}') as unknown;
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"privileged":true},"name":"job"}');
  });

  it('refuses values that have no JSON form instead of writing null for them', () => {
    expect(() => canonicalJson({ cpu: Number.NaN })).toThrow(/NaN at cpu .*finite/);
    expect(() => canonicalJson({ a: [1, Infinity] })).toThrow(/Infinity at a\.1/);
    expect(() => canonicalJson(10n)).toThrow(/bigint/);
    expect(() => canonicalJson(undefined)).toThrow(/no JSON form/);
  });

  it('writes undefined array items as null and uses toJSON, as JSON.stringify does', () => {
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson({ at: new Date('2030-01-01T00:00:00Z') })).toBe('{"at":"2030-01-01T00:00:00.000Z"}');
  });
});
