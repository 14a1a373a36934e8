import { bringDatabaseBack, takeDatabaseDown } from '../support/db-faults';
import { FakeStripe } from '../support/fake-stripe';
import { deliverAll, deliverPending, postEvent, stripeEnv } from '../support/stripe-webhooks';
import { startTestApp, TestApp } from '../support/test-app';

const URLS = { successUrl: 'https://news.example/done', cancelUrl: 'https://news.example/plans' };

describe('Stripe webhooks on PostgreSQL: two instances, and the database going away', () => {
  let fake: FakeStripe;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    fake = await FakeStripe.start();
    a = await startTestApp({ seed: true, env: stripeEnv(fake) });
    b = await startTestApp({ db: a.db, env: stripeEnv(fake) });
  });
  afterAll(async () => {
    await bringDatabaseBack(a.db.url!);
    await b.close();
    await a.close();
    await fake.close();
  });

  const count = async (sql: string, p: string) => (await a.dataSource.query(sql, [p]))[0].n as number;

  it('five copies of each event spread over two instances: one row each, every copy 200, final state right', async () => {
    const res = await a.http.post('/v1/users/u_two/checkout-sessions').set('Authorization', a.bearer(a.paywallKey)).send({ planCode: 'smart_quarterly', ...URLS }).expect(201);
    const { subscription, events } = fake.completeCheckout(res.body.id);
    fake.takeEvents();
    for (const event of [...events].reverse()) {
      const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => postEvent(i % 2 ? b : a, fake, event)));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(await count("SELECT count(*)::int AS n FROM webhook_events WHERE id = $1 AND status = 'processed'", event.id)).toBe(1);
    }
    expect(await count('SELECT count(*)::int AS n FROM subscriptions WHERE stripe_subscription_id = $1', subscription.id)).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM invoices WHERE stripe_subscription_id = $1', subscription.id)).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM customers WHERE user_id = $1', 'u_two')).toBe(1);
    const view = (await b.http.get('/v1/users/u_two/subscription').set('Authorization', b.bearer(b.paywallKey)).expect(200)).body.subscription;
    expect(view).toMatchObject({ status: 'active', planCode: 'smart_quarterly', stripeSubscriptionId: subscription.id });

    // A renewal's events, five copies each, concurrently over both instances and in reverse order.
    const renewal = fake.renew(subscription.id);
    const copies = fake.takeEvents().reverse().flatMap((e) => Array.from({ length: 5 }, (_, i) => postEvent(i % 2 ? a : b, fake, e)));
    expect((await Promise.all(copies)).every((r) => r.status === 200)).toBe(true);
    expect(await count('SELECT count(*)::int AS n FROM invoices WHERE stripe_subscription_id = $1', subscription.id)).toBe(2);
    const renewed = (await a.http.get('/v1/users/u_two/subscription').set('Authorization', a.bearer(a.paywallKey)).expect(200)).body.subscription;
    expect(renewed.currentPeriodStart).toBe(view.currentPeriodEnd);
    const [inv] = await a.dataSource.query('SELECT status, billing_reason FROM invoices WHERE stripe_invoice_id = $1', [renewal.invoice.id]);
    expect(inv).toEqual({ status: 'paid', billing_reason: 'subscription_cycle' });
  });

  it('database gone before the event is stored: 500, nothing lost; the redelivery completes it', async () => {
    const res = await a.http.post('/v1/users/u_dbdown/checkout-sessions').set('Authorization', a.bearer(a.paywallKey)).send({ planCode: 'smart_quarterly', ...URLS }).expect(201);
    fake.completeCheckout(res.body.id);
    const events = fake.takeEvents();
    await takeDatabaseDown(a.db.url!);
    try {
      for (const e of events) {
        const r = await postEvent(a, fake, e).expect(500);
        expect(JSON.stringify(r.body)).not.toMatch(/postgres:\/\/|SELECT|INSERT/);
      }
    } finally {
      await bringDatabaseBack(a.db.url!);
    }
    await deliverAll(a, fake, events);
    expect((await a.http.get('/v1/users/u_dbdown/subscription').set('Authorization', a.bearer(a.paywallKey)).expect(200)).body.subscription.status).toBe('active');
  });

  it('database gone mid-way through processing: 500, the stored event is kept unfinished, and the redelivery completes it', async () => {
    const res = await a.http.post('/v1/users/u_midway/checkout-sessions').set('Authorization', a.bearer(a.paywallKey)).send({ planCode: 'smart_quarterly', ...URLS }).expect(201);
    const { subscription } = fake.completeCheckout(res.body.id);
    await deliverPending(a, fake);
    const before = (await a.http.get('/v1/users/u_midway/subscription').set('Authorization', a.bearer(a.paywallKey)).expect(200)).body.subscription;
    fake.renew(subscription.id, { pay: false });
    const [updated] = fake.takeEvents();
    // The event is stored, then the handler re-reads the subscription from Stripe: cut the database right then.
    fake.beforeRespond = async (req) => {
      if (req.method === 'GET' && req.path.startsWith('/v1/subscriptions/')) {
        fake.beforeRespond = null;
        await takeDatabaseDown(a.db.url!);
      }
    };
    try {
      await postEvent(a, fake, updated).expect(500);
    } finally {
      fake.beforeRespond = null;
      await bringDatabaseBack(a.db.url!);
    }
    const [kept] = await a.dataSource.query('SELECT status, processed_at FROM webhook_events WHERE id = $1', [updated.id]);
    expect(['received', 'failed']).toContain(kept.status);
    expect(kept.processed_at).toBeNull();
    expect((await a.http.get('/v1/users/u_midway/subscription').set('Authorization', a.bearer(a.paywallKey)).expect(200)).body.subscription).toEqual(before);

    const redelivered = await postEvent(a, fake, updated).expect(200);
    expect(redelivered.body).toMatchObject({ status: 'processed', duplicate: true });
    expect((await a.http.get('/v1/users/u_midway/subscription').set('Authorization', a.bearer(a.paywallKey)).expect(200)).body.subscription.status).toBe('past_due');
  });
});
