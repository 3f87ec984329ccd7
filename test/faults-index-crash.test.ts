import { expect, it } from 'vitest';
import { runIndexCrashSuite } from './faults/index-crash';
import { printFigures } from './faults/figures';

// The reduced form of the kill -9 during indexing suite; `npm run soak` runs it with 50 cycles.
it('kill -9 during indexing: after a restart the index equals a fresh index, and no note byte changed', async () => {
  const figures = await runIndexCrashSuite({ cycles: 5, notes: 200 });
  printFigures(figures);
  expect(figures.cycles).toBe(5);
  // The kills must land while the indexer works, or the suite proves nothing.
  expect(figures.kills).toBeGreaterThanOrEqual(figures.cycles + figures.doubleCrashCycles);
  expect(figures.firstMismatch).toBeUndefined();
  expect(figures.recovered).toBe(5);
  expect(figures.noteFilesChanged).toBe(0);
}, 300_000);
