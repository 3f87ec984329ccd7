import { describe, expect, it } from 'vitest';
import { IntCountTable } from './int-count-table';

describe('IntCountTable', () => {
  it('counts keys like a Map would, through many resizes', () => {
    const table = new IntCountTable(4);
    const reference = new Map<number, number>();
    for (let i = 0; i < 50_000; i += 1) {
      const key = (i * 7919) % 12_345 * 1000 + (i % 3);
      table.increment(key);
      reference.set(key, (reference.get(key) ?? 0) + 1);
    }
    expect(table.size).toBe(reference.size);
    for (const [key, count] of reference) expect(table.get(key)).toBe(count);
    expect(new Map(table.entries())).toEqual(reference);
    expect(table.get(999_999_999)).toBe(0);
  });

  it('refuses keys it cannot store', () => {
    expect(() => new IntCountTable().increment(-1)).toThrow(/31-bit/);
    expect(() => new IntCountTable().increment(2 ** 31)).toThrow(/31-bit/);
  });
});
