import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NativeMemory, nativeMemory } from './native-memory';

describe('NativeMemory', () => {
  let clock = 0;
  let trims = 0;
  const memory = () => new NativeMemory(() => (trims += 1), { quietMs: 500, busyMs: 1000 }, () => clock);

  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
    trims = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('trims once when a burst of queries has been quiet for a moment, not after each query', () => {
    const subject = memory();
    for (let query = 0; query < 5; query += 1) {
      subject.releaseSoon();
      clock += 100;
      vi.advanceTimersByTime(100);
    }
    expect(trims).toBe(0);
    vi.advanceTimersByTime(500);
    expect(trims).toBe(1);
  });

  it('trims during a long busy stretch, right after the current work, at most once per busy period', () => {
    const subject = memory();
    for (let query = 0; query < 25; query += 1) {
      subject.releaseSoon();
      clock += 100;
      vi.advanceTimersByTime(100);
    }
    // 2.5 s of back-to-back queries with no quiet moment: a trim after each full second of work.
    expect(trims).toBe(2);
  });

  it('trims at once when asked, and a pending quiet trim is not repeated', () => {
    const subject = memory();
    subject.releaseSoon();
    subject.releaseNow();
    expect(trims).toBe(1);
    vi.advanceTimersByTime(2000);
    expect(trims).toBe(1);
  });

  it('does nothing where there is no malloc_trim', () => {
    const subject = new NativeMemory(null);
    expect(subject.canTrim).toBe(false);
    subject.releaseSoon();
    subject.releaseNow();
    expect(vi.getTimerCount()).toBe(0);
  });
});

const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime;

describe.runIf(process.platform === 'linux' && glibc)(
  'the process-wide instance on Linux with glibc',
  () => {
    it('reaches glibc malloc_trim through koffi, so the server can give freed memory back', () => {
      expect(nativeMemory.canTrim).toBe(true);
      expect(() => nativeMemory.releaseNow()).not.toThrow();
    });
  },
);
