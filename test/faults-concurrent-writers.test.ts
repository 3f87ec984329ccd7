import { expect, it } from 'vitest';
import { concurrentWritersProblems, runConcurrentWritersSuite } from './faults/concurrent-writers';
import { printFigures } from './faults/figures';

// The reduced form of the three-writers suite (three `vaultplane mcp` processes and a person
// saving in an editor, on one tasks.md and one note); `npm run soak` makes 1,000 edits. The
// in-process form, with exact expected text, is speckit-concurrency.test.ts.
it('three agent processes on one tasks.md and one note lose no update; edits with an editor saving are counted', async () => {
  const figures = await runConcurrentWritersSuite({ edits: 240 });
  printFigures(figures);
  expect(concurrentWritersProblems(figures, 240)).toEqual([]);
}, 240_000);
