import { describe, expect, it } from 'vitest';
import { fuseByReciprocalRank } from './rank-fusion';

describe('fuseByReciprocalRank', () => {
  it('adds 1 / (k + rank) per list, so an item both lists like beats one only a single list ranks first', () => {
    const fused = fuseByReciprocalRank(
      [
        { ids: ['a', 'b', 'c'] },
        { ids: ['b', 'd'] },
      ],
      60,
    );
    expect(fused.map((item) => item.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 61, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 62, 12);
    expect(fused[3]!.score).toBeCloseTo(1 / 63, 12);
  });

  it('lets a weight favour one list', () => {
    const lists = [{ ids: ['lexical'] }, { ids: ['semantic'], weight: 2 }];
    expect(fuseByReciprocalRank(lists).map((item) => item.id)).toEqual(['semantic', 'lexical']);
    expect(fuseByReciprocalRank([{ ids: ['lexical'] }, { ids: ['semantic'], weight: 0.5 }]).map((item) => item.id)).toEqual([
      'lexical',
      'semantic',
    ]);
  });

  it('a small k lets the top ranks dominate, a large k flattens them', () => {
    // x is first in one list and absent from the other; y is third in both.
    const lists = [{ ids: ['x', 'p', 'y'] }, { ids: ['q', 'r', 'y'] }];
    expect(fuseByReciprocalRank(lists, 1)[0]!.id).toBe('x'); // 1/2 > 2/4
    expect(fuseByReciprocalRank(lists, 60)[0]!.id).toBe('y'); // 2/63 > 1/61
  });

  it('breaks ties deterministically: better single rank, then earlier list', () => {
    // Mirror images: equal scores, equal best ranks; the first list's favourite wins.
    const mirrored = fuseByReciprocalRank([{ ids: ['m', 'n'] }, { ids: ['n', 'm'] }]);
    expect(mirrored.map((item) => item.id)).toEqual(['m', 'n']);
    expect(mirrored[0]!.score).toBe(mirrored[1]!.score);
    // Same rank in different lists, nothing else: earlier list first.
    expect(fuseByReciprocalRank([{ ids: ['z'] }, { ids: ['a'] }]).map((item) => item.id)).toEqual(['z', 'a']);
    // A zero weight scores everything 0; the list order still decides.
    expect(fuseByReciprocalRank([{ ids: ['b', 'a'], weight: 0 }]).map((item) => item.id)).toEqual(['b', 'a']);
  });

  it('counts an id repeated within one list once, at its best position', () => {
    const fused = fuseByReciprocalRank([{ ids: ['a', 'a', 'b'] }]);
    expect(fused.map((item) => item.id)).toEqual(['a', 'b']);
    expect(fused[0]!.score).toBeCloseTo(1 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 63, 12);
  });

  it('handles empty input and rejects nonsense parameters with a clear message', () => {
    expect(fuseByReciprocalRank([])).toEqual([]);
    expect(fuseByReciprocalRank([{ ids: [] }, { ids: [] }])).toEqual([]);
    expect(() => fuseByReciprocalRank([{ ids: ['a'] }], -1)).toThrow(/k must be a finite number >= 0/);
    expect(() => fuseByReciprocalRank([{ ids: ['a'], weight: Number.NaN }])).toThrow(/weight must be a finite number >= 0/);
  });
});
