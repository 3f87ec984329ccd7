import { expect, it } from 'vitest';
import { printFigures } from './faults/figures';
import { describeWithPrivateEngine, privateEngineAvailability } from './faults/private-engine';
import { runWorkloadCrashSuite, workloadCrashProblems } from './faults/workload-crash';

// The reduced form of the kill -9 with running workloads suite; `npm run soak` runs 20 cycles.
// On a private engine, so no other test's orchestrator enforces the TTLs this one checks.
describeWithPrivateEngine('kill -9 vaultplane serve with 20 workloads running', await privateEngineAvailability(), () => {
  it('finds every workload again with its metadata after each restart, and still enforces TTLs', async () => {
    const figures = await runWorkloadCrashSuite({ cycles: 2, workloads: 20 });
    printFigures(figures);
    expect(workloadCrashProblems(figures, 2)).toEqual([]);
  }, 240_000);
});
