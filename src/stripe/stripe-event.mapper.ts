import { createHash } from 'node:crypto';
import { isUnstorableText, toStorableJson, toStorableText } from '../common/json-input';
import type { StripeEvent } from './stripe-client';

/** What Tollgate stores of a verified Stripe event (the `webhook_events` row, less status and bookkeeping). */
export interface StoredEventFields {
  /** The key the event is stored and deduplicated under: see storedEventId. */
  id: string;
  type: string;
  objectId: string | null;
  /** The event as jsonb can hold it: text PostgreSQL refuses replaced by U+FFFD. */
  payload: unknown;
  /** The verified body, byte for byte: what processing and replay parse, so handlers see the event as Stripe sent it. */
  rawBody: Buffer;
  /** Stripe's `created` (unix seconds) as received, whatever its value. */
  stripeCreated: number;
  /** `created` as a timestamp, or null outside years 1-9999. */
  stripeCreatedAt: Date | null;
}

/** Prefix of the key of an event whose Stripe id cannot be stored as text (Stripe's ids never hold a colon). */
export const DIGEST_KEY_PREFIX = 'sha256:';

/**
 * The key an event is stored under: Stripe's id, or, when that id holds text PostgreSQL refuses (a NUL, an unpaired
 * surrogate), `sha256:` and the digest of its UTF-16 code units. A digest rather than the replaced text: two ids that
 * differ only there must not become one event, and every redelivery of one id must find the same row.
 */
export function storedEventId(stripeId: string): string {
  if (!isUnstorableText(stripeId)) return stripeId;
  return DIGEST_KEY_PREFIX + createHash('sha256').update(stripeId, 'utf16le').digest('hex');
}

/** Unix seconds of 0001-01-01 and 10000-01-01 (UTC). */
const FIRST_STORABLE_SECOND = -62_135_596_800;
const PAST_LAST_STORABLE_SECOND = 253_402_300_800;

/**
 * A Stripe unix time as a Date, or null when it lies outside years 1-9999: the range JavaScript, PostgreSQL and
 * ISO 8601 (`toISOString`) all write the same way. PostgreSQL alone stops at 4713 BC and 294276 AD, JavaScript at
 * 271821 BC and 275760 AD, and `1e20` is past both.
 */
export function storableTimestamp(unixSeconds: number): Date | null {
  return unixSeconds >= FIRST_STORABLE_SECOND && unixSeconds < PAST_LAST_STORABLE_SECOND ? new Date(unixSeconds * 1000) : null;
}

/** Maps a verified event and the bytes it was parsed from to the row that keeps both. */
export function toStoredEvent(event: StripeEvent, rawBody: Buffer): StoredEventFields {
  const objectId = (event.data.object as { id?: unknown }).id;
  return {
    id: storedEventId(event.id),
    type: toStorableText(event.type),
    objectId: typeof objectId === 'string' ? toStorableText(objectId) : null,
    payload: toStorableJson(event),
    rawBody,
    stripeCreated: event.created,
    stripeCreatedAt: storableTimestamp(event.created),
  };
}
