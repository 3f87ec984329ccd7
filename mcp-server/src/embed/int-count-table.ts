/**
 * Counts per non-negative 31-bit integer key in open-addressed typed arrays: a third of the
 * memory of a Map<number, number> for the hundreds of thousands of word pairs a vault holds.
 */
export class IntCountTable {
  private keys: Int32Array;
  private counts: Int32Array;
  private mask: number;
  private used = 0;

  constructor(capacity = 1 << 12) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Int32Array(size).fill(-1);
    this.counts = new Int32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.used;
  }

  increment(key: number): void {
    if (!(key >= 0 && key <= 0x7fffffff && Number.isInteger(key))) throw new RangeError(`IntCountTable keys are 31-bit integers; got ${key}`);
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    const slot = this.slotOf(key);
    if (this.keys[slot] === -1) {
      this.keys[slot] = key;
      this.used += 1;
    }
    this.counts[slot]! += 1;
  }

  get(key: number): number {
    const slot = this.slotOf(key);
    return this.keys[slot] === key ? this.counts[slot]! : 0;
  }

  /** Every [key, count], in slot order. */
  *entries(): IterableIterator<[number, number]> {
    for (let slot = 0; slot < this.keys.length; slot += 1) {
      const key = this.keys[slot]!;
      if (key !== -1) yield [key, this.counts[slot]!];
    }
  }

  private slotOf(key: number): number {
    let slot = Math.imul(key, 0x9e3779b1) & this.mask;
    while (this.keys[slot] !== -1 && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
    return slot;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    this.keys = new Int32Array(oldKeys.length * 2).fill(-1);
    this.counts = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    for (let slot = 0; slot < oldKeys.length; slot += 1) {
      const key = oldKeys[slot]!;
      if (key === -1) continue;
      const target = this.slotOf(key);
      this.keys[target] = key;
      this.counts[target] = oldCounts[slot]!;
    }
  }
}
