// Resolves the DNS peer names. I/O; the lookup is injectable so callers and tests can replace it.
import { lookup } from 'node:dns/promises';
import type { DnsPeerEntry, ResolvedDnsPeer } from './discovery';

/** All addresses a name resolves to; rejects when it resolves to none. */
export type LookupAll = (name: string) => Promise<string[]>;

export const systemLookupAll: LookupAll = async (name) => (await lookup(name, { all: true })).map((entry) => entry.address);

export interface UnresolvedDnsPeer extends DnsPeerEntry {
  reason: string;
}

export interface DnsResolution {
  resolved: ResolvedDnsPeer[];
  unresolved: UnresolvedDnsPeer[];
}

/** Looks every name up at once; a name that does not resolve is reported, never thrown. */
export async function resolvePeerNames(entries: readonly DnsPeerEntry[], lookupAll: LookupAll = systemLookupAll): Promise<DnsResolution> {
  const outcomes = await Promise.all(
    entries.map(async (entry) => {
      try {
        const addresses = [...new Set(await lookupAll(entry.name))];
        if (addresses.length === 0) return { ...entry, reason: 'no addresses' };
        return { ...entry, addresses };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return { ...entry, reason: code ?? (error as Error).message };
      }
    }),
  );
  return {
    resolved: outcomes.filter((outcome): outcome is ResolvedDnsPeer => 'addresses' in outcome),
    unresolved: outcomes.filter((outcome): outcome is UnresolvedDnsPeer => 'reason' in outcome),
  };
}
