import { describe, expect, it } from 'vitest';
import { unitVector } from './unit-vector';

describe('unitVector', () => {
  it('scales to unit length', () => {
    expect(Array.from(unitVector([3, 4])!)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(Array.from(unitVector(new Float64Array([0, -2]))!)).toEqual([0, -1]);
  });

  it('has no direction to give a zero vector', () => {
    expect(unitVector([0, 0])).toBeUndefined();
    expect(unitVector([])).toBeUndefined();
  });
});
