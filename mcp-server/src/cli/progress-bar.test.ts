import { describe, expect, it } from 'vitest';
import { formatProgress } from './progress-bar';

describe('formatProgress', () => {
  it('shows files, chunks and rate while embedding', () => {
    const line = formatProgress({ phase: 'embed', filesDone: 50, filesTotal: 200, chunksDone: 400 }, 2000);
    expect(line).toContain('50/200 notes');
    expect(line).toContain('400 chunks');
    expect(line).toContain('200 chunks/s');
    expect(line).toMatch(/\[█{6}░{18}\]/);
  });

  it('does not divide by zero on an empty vault', () => {
    expect(formatProgress({ phase: 'done', filesDone: 0, filesTotal: 0, chunksDone: 0 }, 0)).toContain('0/0 notes');
  });
});
