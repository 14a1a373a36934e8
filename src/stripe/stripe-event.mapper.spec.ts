import { createHash } from 'node:crypto';
import type { StripeEvent } from './stripe-client';
import { DIGEST_KEY_PREFIX, storableTimestamp, storedEventId, toStoredEvent } from './stripe-event.mapper';

const R = '\uFFFD';

function stripeEvent(over: Record<string, unknown> = {}, object: Record<string, unknown> = {}): StripeEvent {
  return {
    id: 'evt_1',
    object: 'event',
    type: 'customer.subscription.updated',
    created: 1_787_776_000,
    data: { object: { id: 'sub_1', object: 'subscription', metadata: {}, ...object } },
    ...over,
  } as unknown as StripeEvent;
}

describe('storedEventId', () => {
  const digest = (id: string) => DIGEST_KEY_PREFIX + createHash('sha256').update(id, 'utf16le').digest('hex');

  it.each([
    ['a Stripe id is its own key', 'evt_1PgafmB7WZ01zgkW6dKueIc5', 'evt_1PgafmB7WZ01zgkW6dKueIc5'],
    ['an id with the replacement character is storable as it is', `evt_${R}`, `evt_${R}`],
    ['an id with a NUL becomes a digest of its code units', 'evt_\0', digest('evt_\0')],
    ['an id with a lone surrogate becomes a digest of its code units', 'evt_\uD800', digest('evt_\uD800')],
  ])('%s', (_name, id, expected) => {
    expect(storedEventId(id)).toBe(expected);
  });

  it('keeps apart ids that differ only in their unstorable text, and is the same on every call', () => {
    const keys = ['evt_\0', 'evt_\uD800', 'evt_\uD801', 'evt_\uDC00', `evt_${R}`].map(storedEventId);
    expect(new Set(keys).size).toBe(keys.length);
    expect(storedEventId('evt_\uD800')).toBe(storedEventId('evt_\uD800'));
    expect(storedEventId('evt_\0')).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('storableTimestamp', () => {
  it.each([
    [1_787_776_000, '2026-08-26T20:26:40.000Z'],
    [1_787_776_000.25, '2026-08-26T20:26:40.250Z'],
    [0, '1970-01-01T00:00:00.000Z'],
    [-62_135_596_800, '0001-01-01T00:00:00.000Z'],
    [253_402_300_799, '9999-12-31T23:59:59.000Z'],
    [-62_135_596_801, null],
    [253_402_300_800, null],
    [1e20, null],
    [-1e20, null],
    [Infinity, null],
    [NaN, null],
  ])('%s → %s', (seconds, iso) => {
    expect(storableTimestamp(seconds)?.toISOString() ?? null).toBe(iso);
  });
});

describe('toStoredEvent', () => {
  const raw = Buffer.from('{"the":"verified bytes"}');

  it('maps a plain event as it is', () => {
    const event = stripeEvent();
    expect(toStoredEvent(event, raw)).toEqual({
      id: 'evt_1',
      type: 'customer.subscription.updated',
      objectId: 'sub_1',
      payload: event,
      rawBody: raw,
      stripeCreated: 1_787_776_000,
      stripeCreatedAt: new Date(1_787_776_000_000),
    });
  });

  it('replaces unstorable text in the type, object id and payload, keys the event by digest, and keeps the bytes', () => {
    const event = stripeEvent({ id: 'evt_\0', type: 'x.\uD800' }, { id: 'sub_\0', metadata: { 'k\uDC00': 'v\0' } });
    const stored = toStoredEvent(event, raw);
    expect(stored).toMatchObject({ id: storedEventId('evt_\0'), type: `x.${R}`, objectId: `sub_${R}`, rawBody: raw });
    expect(stored.payload).toEqual(stripeEvent({ id: `evt_${R}`, type: `x.${R}` }, { id: `sub_${R}`, metadata: { [`k${R}`]: `v${R}` } }));
    expect(event.id).toBe('evt_\0'); // the event handlers see is untouched
  });

  it.each([
    ['a number', 42],
    ['absent', undefined],
  ])('has no object id when the object id is %s', (_name, id) => {
    expect(toStoredEvent(stripeEvent({}, { id }), raw).objectId).toBeNull();
  });

  it('keeps a `created` no timestamp can hold, with no timestamp', () => {
    expect(toStoredEvent(stripeEvent({ created: 1e20 }), raw)).toMatchObject({ stripeCreated: 1e20, stripeCreatedAt: null });
  });
});
