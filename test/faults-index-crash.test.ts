import { expect, it } from 'vitest';
import { printFigures } from './faults/figures';
import { indexCrashProblems, runIndexCrashSuite } from './faults/index-crash';

// The reduced form of the kill -9 during indexing suite; `npm run soak` runs 50 cycles.
it('kill -9 during indexing: after a restart the index equals a fresh index, and no note byte changed', async () => {
  const figures = await runIndexCrashSuite({ cycles: 4, notes: 200 });
  printFigures(figures);
  expect(indexCrashProblems(figures, 4)).toEqual([]);
}, 300_000);
