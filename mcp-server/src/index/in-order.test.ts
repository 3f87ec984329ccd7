import { describe, expect, it } from 'vitest';
import { inPositionOrder } from './in-order';

describe('inPositionOrder', () => {
  it('hands results on in position order however they arrive, each once', () => {
    const seen: Array<[string, number]> = [];
    const arrive = inPositionOrder<string>((item, position) => seen.push([item, position]));
    arrive('c', 2);
    arrive('b', 1);
    expect(seen).toEqual([]); // 0 has not arrived: nothing may go ahead of it
    arrive('a', 0);
    arrive('e', 4);
    arrive('d', 3);
    expect(seen).toEqual([['a', 0], ['b', 1], ['c', 2], ['d', 3], ['e', 4]]);
  });

  it('keeps undefined results in their place', () => {
    const seen: Array<number | undefined> = [];
    const arrive = inPositionOrder<number | undefined>((item) => seen.push(item));
    arrive(7, 1);
    arrive(undefined, 0);
    expect(seen).toEqual([undefined, 7]);
  });
});
