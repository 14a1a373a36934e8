import type { Clock } from './clock';

/**
 * When an entry stored at `now` expires: at a random moment in the last quarter of its TTL, never later. Entries loaded
 * together (a burst of new viewers, a restart, the bench's 200 viewers) then lapse apart instead of all reloading in the
 * same instant, which showed as the meter's p99 (37-108 ms with CACHE_TTL_SECONDS=2); staleness stays within the TTL.
 */
export function expiryFrom(now: number, ttlMs: number): number {
  return now + ttlMs - Math.floor((Math.random() * ttlMs) / 4);
}

export interface TtlCacheOptions {
  /** How long an entry lives at most; 0 keeps nothing (and shares no load). */
  ttlMs: number;
  /** Most entries held; the oldest stored goes first. */
  maxEntries: number;
  /** The instance's clock: ages are measured on `elapsedMs()`. */
  clock: Pick<Clock, 'elapsedMs'>;
  /**
   * Whether entries lapse at a random moment in the TTL's last quarter (`expiryFrom`; the default). Off for a cache of
   * one key: nothing to spread, and it then lapses exactly at the TTL.
   */
  jitter?: boolean;
}

/** Passes over the entries at most this often, however short the TTL. */
const MIN_SWEEP_INTERVAL_MS = 1000;

interface Entry<V> {
  value: V;
  storedAt: number;
  until: number;
}

/** Whether an entry may still be served at `now` (a clock moved back before it was stored counts as expired). */
function fresh(entry: Entry<unknown>, now: number): boolean {
  return now >= entry.storedAt && now < entry.until;
}

/**
 * The per-instance cache every component builds on: entries live at most `ttlMs`, at most `maxEntries` are held,
 * concurrent misses of one key share one load, and `invalidate()` wins over a load already in flight (its result, which
 * may predate the write, is returned to its callers but not stored). For facts another instance may change: the TTL is
 * the bound on their staleness. A clock moved backwards (tests) makes older entries count as expired, not fresh for ever.
 *
 * Expired entries are let go, not only refused: at most once a TTL (and at least a second apart), the first get or set
 * after that moment drops every entry past its time. Without it a burst of distinct keys (20,000 users seen once)
 * stayed in memory until as many new keys pushed them out: measured, ~8 MB of expired entitlement facts held after
 * `npm run bench`. The pass walks the whole map (entries may carry their own TTL, so the oldest stored is not always
 * the first to expire): ~1 ms for 20,000 entries, once a TTL at most.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loading = new Map<string, Promise<V>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly clock: Pick<Clock, 'elapsedMs'>;
  private readonly jitter: boolean;
  /** When the next pass over the entries drops the expired ones (`elapsedMs()` time). */
  private nextSweepAt = 0;

  constructor(options: TtlCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries;
    this.clock = options.clock;
    this.jitter = options.jitter ?? true;
  }

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** Entries held, expired ones not yet let go included. */
  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const now = this.now();
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (fresh(hit, now)) return hit.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Stores a value; `ttlMs` overrides the cache's TTL for this entry (never when the cache keeps nothing). */
  set(key: string, value: V, ttlMs = this.ttlMs): void {
    if (!this.enabled || ttlMs <= 0) return;
    const now = this.now();
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, storedAt: now, until: this.jitter ? expiryFrom(now, ttlMs) : now + ttlMs });
  }

  /** The cached value, else the one load in flight for this key, else a new load by `loader` (stored unless invalidated). */
  load(key: string, loader: () => Promise<V>): Promise<V> {
    if (!this.enabled) return loader();
    const hit = this.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const pending = this.loading.get(key);
    if (pending) return pending;
    const load = loader().then(
      (value) => {
        if (this.loading.get(key) === load) {
          this.loading.delete(key);
          this.set(key, value);
        }
        return value;
      },
      (err: unknown) => {
        if (this.loading.get(key) === load) this.loading.delete(key);
        throw err;
      },
    );
    this.loading.set(key, load);
    return load;
  }

  /**
   * The clock's time, after dropping every expired entry if a pass is due (deleting the current entry while iterating
   * a Map is safe).
   */
  private now(): number {
    const now = this.clock.elapsedMs();
    if (now < this.nextSweepAt) return now;
    for (const [key, entry] of this.entries) if (!fresh(entry, now)) this.entries.delete(key);
    this.nextSweepAt = now + Math.max(this.ttlMs, MIN_SWEEP_INTERVAL_MS);
    return now;
  }

  /** Forgets a key now, and a load of it in flight will not be stored; call after the write it reflects commits. */
  invalidate(key: string): void {
    this.entries.delete(key);
    this.loading.delete(key);
  }

  /** Forgets every key (and no load in flight will be stored). */
  invalidateAll(): void {
    this.entries.clear();
    this.loading.clear();
  }
}
