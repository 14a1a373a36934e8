/**
 * The per-instance caches that another instance's write can invalidate, by name. One word, one definition: the
 * writers publish these names and the caches register under them (Invalidations).
 */
export const INVALIDATED_CACHES = ['api-keys', 'entitlements', 'settings'] as const;
export type InvalidatedCache = (typeof INVALIDATED_CACHES)[number];

/** What a committed write made stale: one key of a cache (a key hash, a user id), or, with no key, all of it. */
export interface Invalidation {
  cache: InvalidatedCache;
  key?: string;
}

/** A notification as received: the invalidation and the instance that published it. */
export interface InvalidationMessage extends Invalidation {
  from: string;
}

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7999;

/**
 * The NOTIFY payload: `[from, cache, key?]` as JSON. A key too long for a payload is left out, which makes the message
 * "forget the whole cache": correct, only costlier.
 */
export function encodeInvalidation(from: string, { cache, key }: Invalidation): string {
  const payload = JSON.stringify(key === undefined ? [from, cache] : [from, cache, key]);
  return Buffer.byteLength(payload, 'utf8') <= MAX_PAYLOAD_BYTES ? payload : JSON.stringify([from, cache]);
}

/** The message a payload carries, or null for anything else (another writer on the channel, a newer format). */
export function decodeInvalidation(payload: string | undefined): InvalidationMessage | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload ?? '');
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length < 2 || parsed.length > 3) return null;
  const [from, cache, key] = parsed as unknown[];
  if (typeof from !== 'string' || !INVALIDATED_CACHES.includes(cache as InvalidatedCache)) return null;
  if (key !== undefined && typeof key !== 'string') return null;
  return key === undefined ? { from, cache: cache as InvalidatedCache } : { from, cache: cache as InvalidatedCache, key };
}

/** How long the LISTEN connection waits before its `attempt`-th reconnection (1, 2, …): doubling from 100 ms to 5 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** Math.max(0, attempt - 1), 5000);
}
