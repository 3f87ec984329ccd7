import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './bounded-queue';

describe('BoundedQueue', () => {
  it('keeps order and, when full, drops the oldest entry and says which', () => {
    const queue = new BoundedQueue<number>(2);
    expect(queue.push(1)).toBeUndefined();
    expect(queue.push(2)).toBeUndefined();
    expect(queue.push(3)).toBe(1);
    expect(queue.length).toBe(2);
    expect([queue.shift(), queue.shift(), queue.shift()]).toEqual([2, 3, undefined]);
  });

  it('refuses a capacity that cannot hold anything', () => {
    expect(() => new BoundedQueue(0)).toThrow(/positive integer/);
  });
});
