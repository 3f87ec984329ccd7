// A FIFO with a size limit that drops its oldest entry to make room: a receiver that is down
// must cost bounded memory, and the newest events are the ones worth sending.

export class BoundedQueue<T> {
  private readonly items: T[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`queue capacity must be a positive integer, not ${capacity}`);
  }

  /** Adds at the end; returns the entry dropped to make room, if any. */
  push(item: T): T | undefined {
    const dropped = this.items.length >= this.capacity ? this.items.shift() : undefined;
    this.items.push(item);
    return dropped;
  }

  shift(): T | undefined {
    return this.items.shift();
  }

  get length(): number {
    return this.items.length;
  }
}
