import type { Orchestrator } from '@vaultplane/orchestrator';
import type { VaultSet } from '../vaults/vault-set';

/** What every tool gets: the vaults this server serves, and the orchestrator when one runs. */
export interface ToolDeps {
  vaults: VaultSet;
  orchestrator?: Orchestrator;
}

/** What workload tools get: they are registered only when an orchestrator runs. */
export interface WorkloadToolDeps extends ToolDeps {
  orchestrator: Orchestrator;
}
