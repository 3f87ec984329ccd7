import type { Orchestrator } from '@vaultplane/orchestrator';
import type { VaultSet } from '../vaults/vault-set';

/** What every tool gets: the vaults this server serves, and the orchestrator when one runs. */
export interface ToolDeps {
  vaults: VaultSet;
  orchestrator?: Orchestrator;
}

/** The orchestrator, or an error that says why workload tools cannot work in this server. */
export function requireOrchestrator(deps: ToolDeps): Orchestrator {
  if (!deps.orchestrator) {
    throw new Error('This server runs no orchestrator, so workload tools are unavailable; use `vaultplane serve` or `vaultplane mcp`.');
  }
  return deps.orchestrator;
}
