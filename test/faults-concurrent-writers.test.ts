import { expect, it } from 'vitest';
import { runConcurrentWritersSuite } from './faults/concurrent-writers';
import { printFigures } from './faults/figures';

// The reduced form of the three-writers suite (three `vaultplane mcp` processes and a person
// saving in an editor, on one tasks.md and one note); `npm run soak` makes 1,000 edits. The
// in-process form, with exact expected text, is speckit-concurrency.test.ts.
it('three agent processes on one tasks.md and one note lose no update; edits with an editor saving are counted', async () => {
  const figures = await runConcurrentWritersSuite({ edits: 240 });
  printFigures(figures);
  expect(figures.toolErrors, figures.firstToolError).toBe(0);
  expect(figures.agentsOnly.edits).toBe(120);
  expect(figures.agentsOnly.lost ?? []).toEqual([]);
  expect(figures.doubledUpdates).toBe(0);
  expect(figures.withEditor.editsByWriter).toEqual({ agent1: 30, agent2: 30, agent3: 30, human: 30 });
  // Edits lost to an editor's save landing between a re-check and a rename are reported in
  // the figures (withEditor.lostUpdates); no lock can cover a program that does not take it.
}, 240_000);
