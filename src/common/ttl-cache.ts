/**
 * When an entry stored at `now` expires: at a random moment in the last quarter of its TTL, never later. Entries loaded
 * together (a burst of new viewers, a restart, the bench's 200 viewers) then lapse apart instead of all reloading in the
 * same instant, which showed as the meter's p99 (37-108 ms with CACHE_TTL_SECONDS=2); staleness stays within the TTL.
 */
export function expiryFrom(now: number, ttlMs: number): number {
  return now + ttlMs - Math.floor((Math.random() * ttlMs) / 4);
}

/**
 * A per-instance map whose entries live at most `ttlMs` (`expiryFrom`; 0: nothing is kept) and which holds at most `maxEntries`,
 * dropping the oldest first. For facts another instance may change: the TTL is the bound on their staleness.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until > Date.now()) return hit.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: expiryFrom(Date.now(), this.ttlMs) });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
