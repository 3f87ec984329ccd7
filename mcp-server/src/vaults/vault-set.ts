/**
 * The vaults one server serves. Note tools name a vault or get the first one; search spans all
 * of them unless one is named.
 */
import { DEFAULT_LIMIT, searchIndex, type SearchHit, type SearchRequest } from '../search/hybrid-search';
import { fuseByReciprocalRank } from '../search/rank-fusion';
import type { VaultContext } from './vault-context';

export interface VaultSearchHit extends SearchHit {
  vault: string;
}

/** How long a search right after start waits for the first index run. */
const FIRST_SYNC_WAIT_MS = 20_000;

export class UnknownVaultError extends Error {
  readonly code = 'UNKNOWN_VAULT';
}

export class VaultSet {
  constructor(readonly vaults: VaultContext[]) {
    if (vaults.length === 0) throw new Error('at least one vault is needed');
  }

  get names(): string[] {
    return this.vaults.map((vault) => vault.name);
  }

  get(name?: string): VaultContext {
    if (name === undefined || name === '') return this.vaults[0]!;
    const vault = this.vaults.find((candidate) => candidate.name === name);
    if (!vault) throw new UnknownVaultError(`Unknown vault '${name}'; this server serves: ${this.names.join(', ')}`);
    return vault;
  }

  /** The vault whose notes include `specs/<feature>/`, else the first: where that feature's tasks live. */
  forFeature(feature: string): VaultContext {
    const prefix = `specs/${feature}/`;
    return this.vaults.find((vault) => vault.indexer.allStatuses().some((status) => status.path.startsWith(prefix))) ?? this.get();
  }

  async search(request: SearchRequest & { vault?: string }): Promise<VaultSearchHit[]> {
    const targets = request.vault ? [this.get(request.vault)] : this.vaults;
    const perVault = await Promise.all(
      targets.map(async (vault) => {
        await vault.whenSearchable(FIRST_SYNC_WAIT_MS);
        const parts = vault.indexer.searchParts();
        if (!parts) return [];
        const hits = await searchIndex(parts.index, parts.embedder, request);
        return hits.map((hit) => ({ ...hit, vault: vault.name }));
      }),
    );
    if (perVault.length === 1) return perVault[0]!;
    // Scores are not comparable across indexes; ranks are.
    const keyOf = (hit: VaultSearchHit) => `${hit.vault}\u0000${hit.path}\u0000${hit.heading}`;
    const byKey = new Map(perVault.flat().map((hit) => [keyOf(hit), hit]));
    const fused = fuseByReciprocalRank(perVault.map((hits) => ({ ids: hits.map(keyOf) })));
    return fused.slice(0, request.limit ?? DEFAULT_LIMIT).map(({ id }) => byKey.get(id)!);
  }

  async close(): Promise<void> {
    await Promise.all(this.vaults.map((vault) => vault.close()));
  }
}
