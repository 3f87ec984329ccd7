import type { VaultSet } from '../vaults/vault-set';

/** What every tool gets: the vaults this server serves. */
export interface ToolDeps {
  vaults: VaultSet;
}
