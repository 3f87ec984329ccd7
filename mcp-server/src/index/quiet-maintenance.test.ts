import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuietMaintenance } from './quiet-maintenance';

describe('QuietMaintenance', () => {
  let due = true;
  let lastActivity = 0;
  let runs = 0;
  const errors: string[] = [];
  const maintenance = () =>
    new QuietMaintenance({
      quietMs: 2000,
      isDue: () => due,
      quietForMs: () => Date.now() - lastActivity,
      run: async () => {
        runs += 1;
        due = false;
      },
      onError: (error) => errors.push(error.message),
    });

  beforeEach(() => {
    vi.useFakeTimers();
    due = true;
    lastActivity = Date.now();
    runs = 0;
    errors.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('compacts once the index has been quiet for the quiet time, not on the save that made it due', async () => {
    const subject = maintenance();
    subject.poke();
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(runs).toBe(1);
  });

  it('waits while searches keep touching the index, then runs once', async () => {
    const subject = maintenance();
    subject.poke();
    for (let second = 0; second < 10; second += 1) {
      await vi.advanceTimersByTimeAsync(1000);
      lastActivity = Date.now(); // a search every second
      subject.poke();
    }
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(1);
  });

  it('does nothing when no compaction is due, or after close', async () => {
    due = false;
    const idle = maintenance();
    idle.poke();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(0);

    due = true;
    const closing = maintenance();
    closing.poke();
    closing.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(0);
  });

  it('reports a failed compaction and tries again at the next poke', async () => {
    let attempts = 0;
    const subject = new QuietMaintenance({
      quietMs: 2000,
      isDue: () => true,
      quietForMs: () => 10_000,
      run: async () => {
        attempts += 1;
        throw new Error('disk full');
      },
      onError: (error) => errors.push(error.message),
    });
    subject.poke();
    await vi.advanceTimersByTimeAsync(2000);
    subject.poke();
    await vi.advanceTimersByTimeAsync(2000);
    expect(attempts).toBe(2);
    expect(errors).toEqual(['disk full', 'disk full']);
  });
});
