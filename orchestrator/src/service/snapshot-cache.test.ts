import { describe, expect, it } from 'vitest';
import { SnapshotCache } from './snapshot-cache';

// A source whose answer is the number of loads so far, with loads that finish when told.
function source() {
  let loads = 0;
  const pending: (() => void)[] = [];
  return {
    get loads() {
      return loads;
    },
    load: () => {
      const answer = ++loads;
      return new Promise<number>((resolve) => pending.push(() => resolve(answer)));
    },
    finishAll: () => pending.splice(0).forEach((finish) => finish()),
  };
}

async function settled<T>(promise: Promise<T>, src: { finishAll: () => void }): Promise<T> {
  src.finishAll();
  return promise;
}

describe('SnapshotCache', () => {
  it('loads every time until enabled, then answers from the last load', async () => {
    const src = source();
    let clock = 0;
    const cache = new SnapshotCache(src.load, { maxAgeMs: 1000, now: () => clock });
    expect(await settled(cache.get(), src)).toBe(1);
    expect(await settled(cache.get(), src)).toBe(2);
    cache.setEnabled(true);
    expect(await settled(cache.get(), src)).toBe(3);
    clock = 999;
    expect(await cache.get()).toBe(3);
    expect(src.loads).toBe(3);
  });

  it('loads again after an invalidation, after maxAgeMs, and after being disabled', async () => {
    const src = source();
    let clock = 0;
    const cache = new SnapshotCache(src.load, { maxAgeMs: 1000, now: () => clock });
    cache.setEnabled(true);
    expect(await settled(cache.get(), src)).toBe(1);
    cache.invalidate();
    expect(await settled(cache.get(), src)).toBe(2);
    clock = 1000;
    expect(await settled(cache.get(), src)).toBe(3);
    cache.setEnabled(false);
    expect(await settled(cache.get(), src)).toBe(4);
    expect(await settled(cache.get(), src)).toBe(5);
  });

  it('never keeps a load that a change overtook, though it answers the caller that asked before the change', async () => {
    const src = source();
    const cache = new SnapshotCache(src.load, { maxAgeMs: 1000, now: () => 0 });
    cache.setEnabled(true);
    const before = cache.get();
    cache.invalidate();
    expect(await settled(before, src)).toBe(1);
    expect(await settled(cache.get(), src)).toBe(2);
    expect(await cache.get()).toBe(2);
  });

  it('shares one load between callers that arrive while it runs, but not across a change', async () => {
    const src = source();
    const cache = new SnapshotCache(src.load, { maxAgeMs: 1000, now: () => 0 });
    cache.setEnabled(true);
    const first = cache.get();
    const second = cache.get();
    cache.invalidate();
    const third = cache.get();
    src.finishAll();
    expect(await Promise.all([first, second, third])).toEqual([1, 1, 2]);
    expect(src.loads).toBe(2);
  });

  it('counts the age from the start of the load, so a slow load does not stretch maxAgeMs', async () => {
    const src = source();
    let clock = 0;
    const cache = new SnapshotCache(src.load, { maxAgeMs: 1000, now: () => clock });
    cache.setEnabled(true);
    const slow = cache.get();
    clock = 900;
    expect(await settled(slow, src)).toBe(1);
    clock = 1000;
    expect(await settled(cache.get(), src)).toBe(2);
  });

  it('caches nothing with maxAgeMs 0, and forgets a failed load', async () => {
    const src = source();
    const off = new SnapshotCache(src.load, { maxAgeMs: 0, now: () => 0 });
    off.setEnabled(true);
    expect(await settled(off.get(), src)).toBe(1);
    expect(await settled(off.get(), src)).toBe(2);

    let fail = true;
    const flaky = new SnapshotCache(async () => {
      if (fail) throw new Error('engine gone');
      return 'pods';
    }, { maxAgeMs: 1000, now: () => 0 });
    flaky.setEnabled(true);
    await expect(flaky.get()).rejects.toThrow('engine gone');
    fail = false;
    expect(await flaky.get()).toBe('pods');
  });
});
