import { createHash } from 'node:crypto';
import { WebhookRawBody1765000000000 } from '../../migrations/1765000000000-WebhookRawBody';
import type { FakeStripe, StripeObj } from '../support/fake-stripe';
import { postPayload, useStripeTestApp } from '../support/stripe-webhooks';
import { startTestApp, type TestApp } from '../support/test-app';

const R = '\uFFFD';
const count = async (t: TestApp) => (await t.dataSource.query('SELECT count(*)::int AS n FROM webhook_events'))[0].n as number;

interface StoredRow {
  id: string;
  type: string;
  status: string;
  object_id: string | null;
  payload: StripeObj;
  raw_body: Buffer | null;
  stripe_created: number;
  stripe_created_at: Date | null;
  attempts: number;
  last_error: string | null;
}

/**
 * Signed events whose text PostgreSQL refuses (NUL, unpaired UTF-16 surrogates: JSON.stringify writes them as
 * `\u0000` and `\ud800` escapes, which JSON.parse turns back into them), or whose `created` no timestamp can hold.
 * Each must be stored (its verified bytes exactly) and then processed or marked failed: never a 500 before storing,
 * which Stripe would retry until it gave up.
 */
describe('Stripe webhook intake: signed events PostgreSQL cannot take as they are', () => {
  const ctx = useStripeTestApp();
  let t: TestApp;
  let fake: FakeStripe;
  let priceId: string;
  beforeAll(() => {
    ({ t, fake } = ctx);
    priceId = fake.createRecurringPrice({ amount: 90_000, months: 3, lookupKey: 'smart_quarterly' }).id;
  });

  /** A fresh customer.subscription.created event for a subscription the fake knows. */
  function subscriptionEvent(userId: string): StripeObj {
    const { events } = fake.createExternalSubscription(priceId, { metadata: { user_id: userId } });
    fake.takeEvents();
    return events.find((e) => e.type === 'customer.subscription.created')!;
  }

  const withObject = (event: StripeObj, over: StripeObj): StripeObj => ({
    ...event,
    data: { ...event.data, object: { ...event.data.object, ...over } },
  });

  async function storedRow(id: string): Promise<StoredRow> {
    const rows: StoredRow[] = await t.dataSource.query(
      `SELECT id, type, status, object_id, payload, raw_body, stripe_created, stripe_created_at, attempts, last_error
       FROM webhook_events WHERE id = $1`,
      [id],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  async function adminView(id: string, status: string): Promise<StripeObj | undefined> {
    const res = await t.http.get(`/v1/admin/webhook-events?status=${status}`).set('Authorization', t.bearer(t.adminKey)).expect(200);
    return res.body.events.find((e: StripeObj) => e.id === id);
  }

  async function linkedUser(subscriptionId: string): Promise<string | undefined> {
    const rows = await t.dataSource.query('SELECT user_id FROM subscriptions WHERE stripe_subscription_id = $1', [subscriptionId]);
    return rows[0]?.user_id;
  }

  const digestKey = (stripeId: string) => `sha256:${createHash('sha256').update(stripeId, 'utf16le').digest('hex')}`;

  it.each([
    ['a NUL', '\0'],
    ['an unpaired high surrogate', '\uD800'],
    ['an unpaired low surrogate', '\uDC00'],
  ])('stores an event with %s in payload values and keys (raw bytes kept, jsonb replaced) and processes it', async (_name, bad) => {
    const event = subscriptionEvent('u_payload');
    const sent = withObject(event, { description: `note ${bad} é`, metadata: { ...event.data.object.metadata, [`key${bad}`]: `v${bad}` } });
    const body = JSON.stringify(sent);

    const res = await postPayload(t, fake, body).expect(200);
    expect(res.body).toEqual({ received: true, eventId: event.id, status: 'processed', duplicate: false });

    const row = await storedRow(event.id);
    expect(row).toMatchObject({ type: event.type, status: 'processed', object_id: event.data.object.id, attempts: 1, last_error: null });
    expect(row.raw_body).toEqual(Buffer.from(body, 'utf8'));
    expect(JSON.parse(row.raw_body!.toString('utf8'))).toEqual(sent);
    expect(row.payload.data.object.description).toBe(`note ${R} é`);
    expect(row.payload.data.object.metadata).toEqual({ user_id: 'u_payload', [`key${R}`]: `v${R}` });
    expect(await linkedUser(event.data.object.id)).toBe('u_payload');
    expect(await adminView(event.id, 'processed')).toMatchObject({ type: event.type, objectId: event.data.object.id, attempts: 1 });
  });

  it('replays an event from its raw bytes, as Stripe sent it, not from the replaced jsonb copy', async () => {
    const event = subscriptionEvent('u_replay_raw');
    await postPayload(t, fake, JSON.stringify(withObject(event, { metadata: { user_id: 'u_replay_raw', note: '\0' } }))).expect(200);
    // Were the jsonb copy what replay reads, this would send it to a subscription Stripe does not know.
    await t.dataSource.query(`UPDATE webhook_events SET payload = jsonb_set(payload, '{data,object,id}', '"sub_elsewhere"') WHERE id = $1`, [
      event.id,
    ]);
    const seen = fake.requests.length;

    const replay = await t.http.post(`/v1/admin/webhook-events/${event.id}/replay`).set('Authorization', t.bearer(t.adminKey)).expect(200);
    expect(replay.body).toMatchObject({ id: event.id, status: 'processed', attempts: 2, lastError: null });
    expect(fake.requests.slice(seen).map((r) => r.path)).toContain(`/v1/subscriptions/${event.data.object.id}`);
  });

  it.each([
    ['a NUL', '\0'],
    ['an unpaired surrogate', '\uD800'],
  ])('stores an event whose id holds %s under a digest key, deduplicates its redelivery, and keeps a look-alike id apart', async (_name, bad) => {
    const event = subscriptionEvent('u_event_id');
    const stripeId = `${event.id}${bad}`;
    const body = JSON.stringify({ ...event, id: stripeId });
    const key = digestKey(stripeId);

    const first = await postPayload(t, fake, body).expect(200);
    expect(first.body).toEqual({ received: true, eventId: key, status: 'processed', duplicate: false });
    const row = await storedRow(key);
    expect(row).toMatchObject({ status: 'processed', type: event.type, object_id: event.data.object.id });
    expect(row.payload.id).toBe(`${event.id}${R}`);
    expect(row.raw_body).toEqual(Buffer.from(body, 'utf8'));
    expect(await linkedUser(event.data.object.id)).toBe('u_event_id');

    const before = await count(t);
    const again = await postPayload(t, fake, body).expect(200);
    expect(again.body).toEqual({ received: true, eventId: key, status: 'processed', duplicate: true });
    expect(await count(t)).toBe(before);

    // The id with the replacement character already in it is another event, stored under its own id.
    const lookAlike = await postPayload(t, fake, JSON.stringify({ ...event, id: `${event.id}${R}` })).expect(200);
    expect(lookAlike.body).toMatchObject({ eventId: `${event.id}${R}`, duplicate: false });
    expect(await count(t)).toBe(before + 1);

    const replay = await t.http
      .post(`/v1/admin/webhook-events/${encodeURIComponent(key)}/replay`)
      .set('Authorization', t.bearer(t.adminKey))
      .expect(200);
    expect(replay.body).toMatchObject({ id: key, status: 'processed', attempts: 2 });
  });

  it('stores an event whose type holds a NUL (no handler knows it) as ignored, with the type replaced', async () => {
    const event = subscriptionEvent('u_event_type');
    const body = JSON.stringify({ ...event, type: `${event.type}\0` });
    const res = await postPayload(t, fake, body).expect(200);
    expect(res.body).toEqual({ received: true, eventId: event.id, status: 'ignored', duplicate: false });
    const row = await storedRow(event.id);
    expect(row).toMatchObject({ type: `${event.type}${R}`, status: 'ignored' });
    expect(row.raw_body).toEqual(Buffer.from(body, 'utf8'));
    expect(await adminView(event.id, 'ignored')).toMatchObject({ type: `${event.type}${R}` });
  });

  it('marks failed (and answers 500 for a retry) an event naming an object id with a NUL, keeping a storable reason', async () => {
    const event = subscriptionEvent('u_object_id');
    const objectId = `${event.data.object.id}\0`;
    const body = JSON.stringify(withObject(event, { id: objectId }));

    const res = await postPayload(t, fake, body).expect(500);
    expect(res.body.code).toBe('INTERNAL_ERROR');
    const row = await storedRow(event.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, object_id: `${event.data.object.id}${R}` });
    expect(row.raw_body).toEqual(Buffer.from(body, 'utf8'));
    expect(row.last_error).toBe(
      `The event names object id "${event.data.object.id}${R}", which holds a NUL or an unpaired UTF-16 surrogate (shown as U+FFFD)`,
    );
    expect(row.last_error).not.toContain('\0');
    expect(await adminView(event.id, 'failed')).toMatchObject({
      status: 'failed',
      lastError: row.last_error,
      objectId: `${event.data.object.id}${R}`,
    });

    // A redelivery tries again and is kept failed, not lost.
    const again = await postPayload(t, fake, body).expect(500);
    expect(again.body.code).toBe('INTERNAL_ERROR');
    expect(await storedRow(event.id)).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it.each([
    ['1e20', 1e20, null],
    ['-1e15', -1e15, null],
    ['253402300800', 253_402_300_800, null], // 10000-01-01
    ['-62135596801', -62_135_596_801, null], // a second before year 1
    ['253402300799', 253_402_300_799, '9999-12-31T23:59:59.000Z'],
    ['1787776000.5', 1_787_776_000.5, '2026-08-26T20:26:40.500Z'],
  ])('stores `"created": %s` as received (a timestamp only inside years 1-9999) and processes the event', async (literal, created, createdAt) => {
    const event = subscriptionEvent('u_created');
    const body = JSON.stringify({ ...event, created: 0 }).replace('"created":0', `"created":${literal}`);
    expect(body).toContain(`"created":${literal}`);

    const res = await postPayload(t, fake, body).expect(200);
    expect(res.body).toMatchObject({ eventId: event.id, status: 'processed' });
    const row = await storedRow(event.id);
    expect(row).toMatchObject({ status: 'processed', stripe_created: created });
    expect(row.stripe_created_at === null ? null : row.stripe_created_at.toISOString()).toBe(createdAt);
    expect(row.raw_body).toEqual(Buffer.from(body, 'utf8'));
    expect(await adminView(event.id, 'processed')).toMatchObject({ stripeCreated: created, stripeCreatedAt: createdAt });
  });

  it.each(['null', '[]', '[{"object":"event"}]', '42', '"evt_1"', 'true'])(
    'answers 400 INVALID_WEBHOOK to the signed non-object body %s, storing nothing',
    async (body) => {
      const before = await count(t);
      const res = await postPayload(t, fake, body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'INVALID_WEBHOOK' });
      expect(await count(t)).toBe(before);
    },
  );
});

describe('migration WebhookRawBody', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('down keeps every event (a `created` no timestamp holds becomes the nearest end of years 1-9999); up takes `created` from the timestamp', async () => {
    for (const [id, created] of [
      ['evt_far', 1e20],
      ['evt_past', -1e15],
      ['evt_now', 1_787_776_000.5],
    ] as const) {
      await t.dataSource.query(
        `INSERT INTO webhook_events (id, type, payload, raw_body, stripe_created, stripe_created_at)
         VALUES ($1, 'invoice.paid', '{}', $2, $3, CASE WHEN $4 THEN to_timestamp($3) END)`,
        [id, Buffer.from('{}'), created, Math.abs(created) < 1e11],
      );
    }
    const migration = new WebhookRawBody1765000000000();
    const runner = t.dataSource.createQueryRunner();
    const rows = () => runner.query('SELECT * FROM webhook_events ORDER BY id');
    try {
      await migration.down(runner);
      expect((await rows()).map((r: StripeObj) => [r.id, r.stripe_created_at.toISOString(), 'raw_body' in r])).toEqual([
        ['evt_far', '9999-12-31T23:59:59.000Z', false],
        ['evt_now', '2026-08-26T20:26:40.500Z', false],
        ['evt_past', '0001-01-01T00:00:00.000Z', false],
      ]);
      await migration.up(runner);
      expect((await rows()).map((r: StripeObj) => [r.id, r.stripe_created, r.raw_body])).toEqual([
        ['evt_far', 253_402_300_799, null],
        ['evt_now', 1_787_776_000.5, null],
        ['evt_past', -62_135_596_800, null],
      ]);
    } finally {
      await runner.release();
    }
  });
});
