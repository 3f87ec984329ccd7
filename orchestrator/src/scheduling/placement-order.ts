import type { RankedNodes } from './scheduler';

// Where to try a workload, in order, once the scheduler has ranked this node and the available
// peers together. Pure.
//
// This node goes first whenever it fits, even when a peer scores higher: the vault, the MCP
// endpoint the workload talks back to and its logs are here; a peer's capacity is up to one
// exchange interval old; and every hop adds a failure mode. Peers are for work this node cannot
// take (or that only a peer's node name or labels match), best score first, so a refused or
// failed peer falls back to the next best one.

export interface PlacementStep {
  node: string;
  local: boolean;
  score: number;
}

export function placementOrder(localNode: string, ranked: RankedNodes['ranked']): PlacementStep[] {
  const local = ranked.find((entry) => entry.node === localNode);
  const peers = ranked.filter((entry) => entry.node !== localNode).map((entry) => ({ ...entry, local: false }));
  return local === undefined ? peers : [{ ...local, local: true }, ...peers];
}
