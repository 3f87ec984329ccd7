// Nonces of accepted peer requests, remembered only while their timestamp is inside the skew
// window: once it is out, the request is refused as stale anyway, so the nonce can go. Time
// comes from the caller, so nothing here runs on a timer.

export const DEFAULT_REPLAY_CACHE_ENTRIES = 100_000;

export type NonceOutcome = 'fresh' | 'replayed' | 'full';

export class PeerReplayCache {
  private readonly expiries = new Map<string, number>();
  private nextSweepAt = 0;

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = DEFAULT_REPLAY_CACHE_ENTRIES,
  ) {}

  get size(): number {
    return this.expiries.size;
  }

  /**
   * Records `nonce` of `peer` (sent at `timestampMs`) unless already seen. 'full' means the cache
   * is at its bound with nothing expired: the caller refuses rather than forget a live nonce.
   */
  remember(peer: string, nonce: string, timestampMs: number, nowMs: number): NonceOutcome {
    if (nowMs >= this.nextSweepAt || this.expiries.size >= this.maxEntries) this.sweep(nowMs);
    const key = `${peer}\n${nonce}`;
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > nowMs) return 'replayed';
    if (this.expiries.size >= this.maxEntries) return 'full';
    this.expiries.set(key, timestampMs + this.windowMs + 1);
    return 'fresh';
  }

  private sweep(nowMs: number): void {
    for (const [key, expiry] of this.expiries) if (expiry <= nowMs) this.expiries.delete(key);
    this.nextSweepAt = nowMs + this.windowMs;
  }
}
