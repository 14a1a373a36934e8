import type { FakeStripe } from '../support/fake-stripe';
import { postEvent, useStripeTestApp } from '../support/stripe-webhooks';
import { startTestApp, TestApp } from '../support/test-app';

const count = async (t: TestApp, table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

describe('Stripe webhook intake: verify, store once, then process', () => {
  const ctx = useStripeTestApp();
  let t: TestApp;
  let fake: FakeStripe;
  beforeAll(() => ({ t, fake } = ctx));

  function subscriptionEvent() {
    const price = fake.createRecurringPrice({ amount: 90_000, months: 3, lookupKey: 'smart_quarterly' });
    const { events } = fake.createExternalSubscription(price.id, { metadata: { user_id: 'u_intake' } });
    fake.takeEvents();
    return events[0];
  }

  it.each([
    ['a missing signature', (payload: string) => ({ payload, header: undefined })],
    [
      'a signature made with another secret',
      (payload: string) => ({ payload, header: fake.sign(JSON.parse(payload), { secret: 'whsec_other' }).header }),
    ],
    [
      'a timestamp older than 300 s',
      (payload: string) => ({ payload, header: fake.sign(JSON.parse(payload), { timestamp: Math.floor(Date.now() / 1000) - 301 }).header }),
    ],
    [
      'a body altered after signing',
      (payload: string) => ({ payload: payload.replace('"livemode":false', '"livemode":true'), header: fake.sign(JSON.parse(payload)).header }),
    ],
    ['a garbage header', (payload: string) => ({ payload, header: 't=1,v1=abc' })],
  ])('answers 400 INVALID_WEBHOOK to %s and stores nothing', async (_name, make) => {
    const event = subscriptionEvent();
    const { payload, header } = make(JSON.stringify(event));
    const before = await count(t, 'webhook_events');
    let req = t.http.post('/v1/webhooks/stripe').set('Content-Type', 'application/json');
    if (header) req = req.set('Stripe-Signature', header);
    const res = await req.send(payload).expect(400);
    expect(res.body.code).toBe('INVALID_WEBHOOK');
    expect(await count(t, 'webhook_events')).toBe(before);
    expect(await count(t, 'subscriptions')).toBe(0);
  });

  it('answers 400 to a correctly signed body that is not a Stripe event, storing nothing', async () => {
    const before = await count(t, 'webhook_events');
    for (const body of [{ hello: 'world' }, { id: 'evt_1', object: 'event', type: 'x' }, [1, 2]]) {
      const res = await postEvent(t, fake, body as never);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'INVALID_WEBHOOK' });
    }
    expect(await count(t, 'webhook_events')).toBe(before);
  });

  it('stores a verified event once, processes it, and answers a duplicate 200 with no change', async () => {
    const event = subscriptionEvent();
    const first = await postEvent(t, fake, event).expect(200);
    expect(first.body).toEqual({ received: true, eventId: event.id, status: 'processed', duplicate: false });
    const [row] = await t.dataSource.query('SELECT status, attempts, object_id FROM webhook_events WHERE id = $1', [event.id]);
    expect(row).toEqual({ status: 'processed', attempts: 1, object_id: event.data.object.id });
    const sub = await t.dataSource.query('SELECT updated_at FROM subscriptions WHERE stripe_subscription_id = $1', [event.data.object.id]);
    expect(sub).toHaveLength(1);
    const retrievals = fake.requests.length;

    const again = await postEvent(t, fake, event).expect(200);
    expect(again.body).toEqual({ received: true, eventId: event.id, status: 'processed', duplicate: true });
    expect(fake.requests.length).toBe(retrievals);
    const [after] = await t.dataSource.query('SELECT attempts FROM webhook_events WHERE id = $1', [event.id]);
    expect(after.attempts).toBe(1);
    const subAfter = await t.dataSource.query('SELECT updated_at FROM subscriptions WHERE stripe_subscription_id = $1', [event.data.object.id]);
    expect(subAfter).toEqual(sub);
  });

  it('stores an unhandled event type as ignored and answers 200', async () => {
    const event = { ...subscriptionEvent(), id: 'evt_plan_created_1', type: 'plan.created' };
    const res = await postEvent(t, fake, event).expect(200);
    expect(res.body.status).toBe('ignored');
    const list = await t.http.get('/v1/admin/webhook-events?status=ignored').set('Authorization', t.bearer(t.adminKey)).expect(200);
    expect(list.body.events.map((e: { id: string }) => e.id)).toEqual(['evt_plan_created_1']);
    expect(list.body.events[0]).toMatchObject({ type: 'plan.created', status: 'ignored', lastError: null });
  });

  it('validates the admin listing and 404s an unknown replay', async () => {
    const admin = t.bearer(t.adminKey);
    const bad = await t.http.get('/v1/admin/webhook-events?status=weird').set('Authorization', admin).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const missing = await t.http.post('/v1/admin/webhook-events/evt_nope/replay').set('Authorization', admin).expect(404);
    expect(missing.body.code).toBe('WEBHOOK_EVENT_NOT_FOUND');
  });
});

describe('without Stripe keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true, env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(() => t.close());

  it('still starts, and every Stripe-backed route answers 503 STRIPE_NOT_CONFIGURED', async () => {
    await t.http.get('/health').expect(200);
    const auth = t.bearer(t.paywallKey);
    const calls = [
      t.http
        .post('/v1/users/u1/checkout-sessions')
        .set('Authorization', auth)
        .send({ planCode: 'smart_quarterly', successUrl: 'https://x.test/ok', cancelUrl: 'https://x.test/no' }),
      t.http.post('/v1/users/u1/subscription/cancel').set('Authorization', auth),
      t.http.post('/v1/users/u1/subscription/resume').set('Authorization', auth),
      t.http.post('/v1/users/u1/subscription/change-plan').set('Authorization', auth).send({ planCode: 'super_saver' }),
      t.http.post('/v1/users/u1/billing-portal-sessions').set('Authorization', auth).send({ returnUrl: 'https://x.test/account' }),
      t.http.post('/v1/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', 't=1,v1=x').send('{}'),
    ];
    const answers = (await Promise.all(calls)).map((res, i) => ({ i, status: res.status, code: res.body.code }));
    expect(answers).toEqual(calls.map((_, i) => ({ i, status: 503, code: 'STRIPE_NOT_CONFIGURED' })));
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM webhook_events'))[0].n).toBe(0);
  });

  it('never throttles the webhook route (Stripe retries from few addresses), even past the public rate limit', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await t.http.post('/v1/webhooks/stripe').set('Content-Type', 'application/json').send('{}')).status);
    expect(answers).toEqual([503, 503, 503, 503, 503]);
  });

  it('serves the local reads without Stripe: no subscription is a 404, no invoices an empty list', async () => {
    const auth = t.bearer(t.paywallKey);
    const res = await t.http.get('/v1/users/u1/subscription').set('Authorization', auth).expect(404);
    expect(res.body.code).toBe('SUBSCRIPTION_NOT_FOUND');
    const inv = await t.http.get('/v1/users/u1/invoices').set('Authorization', auth).expect(200);
    expect(inv.body).toEqual({ invoices: [] });
  });
});
