import { bringDatabaseBack, takeDatabaseDown } from '../support/db-faults';
import type { FakeStripe } from '../support/fake-stripe';
import {
  checkout,
  deliverAll,
  deliverPending,
  postEvent,
  StripeTestApp,
  startStripeTestApp,
  stripeEnv,
  subscriptionOf,
} from '../support/stripe-webhooks';
import { startTestApp, TestApp } from '../support/test-app';

describe('Stripe webhooks on PostgreSQL: two instances, and the database going away', () => {
  let s: StripeTestApp;
  let fake: FakeStripe;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    s = await startStripeTestApp();
    ({ t: a, fake } = s);
    b = await startTestApp({ db: a.db, env: stripeEnv(fake) });
  });
  afterAll(async () => {
    await bringDatabaseBack(a.db.url!);
    await b.close();
    await s.close();
  });

  const count = async (sql: string, p: string) => (await a.dataSource.query(sql, [p]))[0].n as number;

  it('five copies of each event spread over two instances: one row each, every copy 200, final state right', async () => {
    const { subscription, events } = await checkout(a, fake, 'u_two');
    fake.takeEvents();
    const reads = fake.requests.length;
    for (const event of [...events].reverse()) {
      const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => postEvent(i % 2 ? b : a, fake, event)));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(await count("SELECT count(*)::int AS n FROM webhook_events WHERE id = $1 AND status = 'processed'", event.id)).toBe(1);
    }
    expect(await count('SELECT count(*)::int AS n FROM subscriptions WHERE stripe_subscription_id = $1', subscription.id)).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM invoices WHERE stripe_subscription_id = $1', subscription.id)).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM customers WHERE user_id = $1', 'u_two')).toBe(1);
    // One effect per event: 15 deliveries, 3 events processed once each (invoice + its subscription, subscription, session + its subscription).
    expect(fake.requests.length - reads).toBe(5);
    const view = await subscriptionOf(b, 'u_two');
    expect(view).toMatchObject({ status: 'active', planCode: 'smart_quarterly', stripeSubscriptionId: subscription.id });

    // A renewal's events, five copies each, concurrently over both instances and in reverse order.
    const renewal = fake.renew(subscription.id);
    const copies = fake
      .takeEvents()
      .reverse()
      .flatMap((e) => Array.from({ length: 5 }, (_, i) => postEvent(i % 2 ? a : b, fake, e)));
    expect((await Promise.all(copies)).every((r) => r.status === 200)).toBe(true);
    expect(await count('SELECT count(*)::int AS n FROM invoices WHERE stripe_subscription_id = $1', subscription.id)).toBe(2);
    const renewed = await subscriptionOf(a, 'u_two');
    expect(renewed.currentPeriodStart).toBe(view.currentPeriodEnd);
    const [inv] = await a.dataSource.query('SELECT status, billing_reason FROM invoices WHERE stripe_invoice_id = $1', [renewal.invoice.id]);
    expect(inv).toEqual({ status: 'paid', billing_reason: 'subscription_cycle' });
  });

  it('database gone before the event is stored: 500, nothing lost; the redelivery completes it', async () => {
    await checkout(a, fake, 'u_dbdown');
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
    expect((await subscriptionOf(a, 'u_dbdown')).status).toBe('active');
  });

  it('database gone mid-way through processing: 500, the stored event is kept unfinished, and the redelivery completes it', async () => {
    const { subscription } = await checkout(a, fake, 'u_midway');
    await deliverPending(a, fake);
    const before = await subscriptionOf(a, 'u_midway');
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
    expect(await subscriptionOf(a, 'u_midway')).toEqual(before);

    const redelivered = await postEvent(a, fake, updated).expect(200);
    expect(redelivered.body).toMatchObject({ status: 'processed', duplicate: true });
    expect((await subscriptionOf(a, 'u_midway')).status).toBe('past_due');
  });
});
