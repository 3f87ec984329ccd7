import { expect, it } from 'vitest';
import { printFigures } from './faults/figures';
import { engineOutageProblems, runEngineOutageSuite } from './faults/engine-outage';
import { describeWithPrivateEngine, privateEngineAvailability } from './faults/private-engine';

// The reduced form of the engine-outage suite (a private dockerd killed with kill -9 under
// `vaultplane serve` and started again); `npm run soak` runs more cycles. Never the shared engine.
describeWithPrivateEngine('the Docker engine dies and comes back under vaultplane serve', await privateEngineAvailability(), () => {
  it('ends log streams with a clear error, keeps answering, leaves nothing half-scheduled, and recovers', async () => {
    const figures = await runEngineOutageSuite({ cycles: 1 });
    printFigures(figures);
    expect(engineOutageProblems(figures, 1)).toEqual([]);
  }, 300_000);
});
