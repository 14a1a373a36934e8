import fc from 'fast-check';
import type { FakeStripe } from '../support/fake-stripe';
import {
  CHECKOUT_URLS as URLS,
  checkout,
  deliverAll,
  DeliveryOrder,
  deliverPending,
  postEvent,
  useStripeTestApp,
  subscriptionOf,
} from '../support/stripe-webhooks';
import type { TestApp } from '../support/test-app';
const DAY = 86_400_000;

/** Every lifecycle of issue 3, driven through the fake Stripe and the real SDK, with Stripe's events delivered in each order. */
describe.each<DeliveryOrder>(['in-order', 'twice', 'reverse'])('Stripe lifecycles, events delivered %s', (order) => {
  const ctx = useStripeTestApp();
  let t: TestApp;
  let fake: FakeStripe;
  let auth: string;
  beforeAll(() => ({ t, fake, auth } = { ...ctx, auth: ctx.t.bearer(ctx.t.paywallKey) }));

  const deliver = () => deliverPending(t, fake, order);

  async function subscribe(userId: string, opts: { planCode?: string; pay?: boolean; email?: string } = {}): Promise<string> {
    const done = await checkout(t, fake, userId, opts);
    expect(done.sessionId).toMatch(/^cs_test_/);
    await deliver();
    return done.subscription.id;
  }

  const subscription = (userId: string) => subscriptionOf(t, userId);
  const invoices = async (userId: string) => (await t.http.get(`/v1/users/${userId}/invoices`).set('Authorization', auth).expect(200)).body.invoices;
  const post = (userId: string, action: string, body?: object) =>
    t.http
      .post(`/v1/users/${userId}/subscription/${action}`)
      .set('Authorization', auth)
      .send(body ?? {});

  it('new subscription via Checkout → active, with the plan, price, period and first invoice', async () => {
    const subId = await subscribe('u_new', { email: 'new@example.com' });
    const item = fake.subscriptions.get(subId)!.items.data[0];
    expect(await subscription('u_new')).toEqual({
      id: expect.any(String),
      stripeSubscriptionId: subId,
      planCode: 'smart_quarterly',
      status: 'active',
      price: { amountMinor: 90_000, currency: 'INR', formatted: '₹900' },
      currentPeriodStart: new Date(item.current_period_start * 1000).toISOString(),
      currentPeriodEnd: new Date(item.current_period_end * 1000).toISOString(),
      cancelAtPeriodEnd: false,
      canceledAt: null,
      endedAt: null,
      autoRenews: true,
      offer: null,
      trialEnd: null,
    });
    const [invoice] = await invoices('u_new');
    expect(invoice).toMatchObject({
      status: 'paid',
      billingReason: 'subscription_create',
      total: { amountMinor: 90_000, currency: 'INR', formatted: '₹900' },
      amountPaid: { amountMinor: 90_000 },
      paidAt: expect.any(String),
    });
    // The Checkout asked Stripe for the plan's price, in subscription mode, carrying the user id both ways.
    const create = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!;
    expect(create.params).toMatchObject({
      mode: 'subscription',
      client_reference_id: 'u_new',
      customer_email: 'new@example.com',
      subscription_data: { metadata: { user_id: 'u_new' } },
    });
    const customers = await t.dataSource.query('SELECT stripe_customer_id FROM customers WHERE user_id = $1', ['u_new']);
    expect(customers).toEqual([{ stripe_customer_id: fake.subscriptions.get(subId)!.customer }]);
  });

  it('refuses a second Checkout while the subscription is live (409 ALREADY_SUBSCRIBED) and creates no session', async () => {
    const sessions = fake.sessions.size;
    const res = await t.http
      .post('/v1/users/u_new/checkout-sessions')
      .set('Authorization', auth)
      .send({ planCode: 'super_saver', ...URLS })
      .expect(409);
    expect(res.body.code).toBe('ALREADY_SUBSCRIBED');
    expect(fake.sessions.size).toBe(sessions);
  });

  it('renewal: the period moves on and the paid subscription_cycle invoice is recorded', async () => {
    const subId = await subscribe('u_renew');
    const first = await subscription('u_renew');
    fake.renew(subId);
    await deliver();
    const renewed = await subscription('u_renew');
    expect(renewed.status).toBe('active');
    expect(renewed.currentPeriodStart).toBe(first.currentPeriodEnd);
    expect(new Date(renewed.currentPeriodEnd).getTime()).toBeGreaterThan(new Date(first.currentPeriodEnd).getTime() + 80 * DAY);
    const list = await invoices('u_renew');
    expect(list.map((i: { billingReason: string; status: string }) => [i.billingReason, i.status])).toEqual([
      ['subscription_cycle', 'paid'],
      ['subscription_create', 'paid'],
    ]);
    expect(list[0].periodStart).toBe(renewed.currentPeriodStart);
  });

  it('failed renewal → past_due with the failed invoice recorded; recovery → active, invoice paid', async () => {
    const subId = await subscribe('u_fail');
    fake.renew(subId, { pay: false });
    await deliver();
    expect((await subscription('u_fail')).status).toBe('past_due');
    const [failed] = await invoices('u_fail');
    expect(failed).toMatchObject({ billingReason: 'subscription_cycle', status: 'payment_failed', amountPaid: { amountMinor: 0 }, paidAt: null });

    fake.recover(subId);
    await deliver();
    expect((await subscription('u_fail')).status).toBe('active');
    const [recovered] = await invoices('u_fail');
    expect(recovered).toMatchObject({ stripeInvoiceId: failed.stripeInvoiceId, status: 'paid', amountPaid: { amountMinor: 90_000 } });
    expect(await invoices('u_fail')).toHaveLength(2);
  });

  it('a renewal that needs the customer to act records the invoice as action_required, then paid once they do', async () => {
    const subId = await subscribe('u_action');
    fake.requirePaymentAction(subId);
    await deliver();
    const [pending] = await invoices('u_action');
    expect(pending).toMatchObject({ billingReason: 'subscription_cycle', status: 'action_required', paidAt: null });
    fake.recover(subId);
    await deliver();
    expect((await invoices('u_action'))[0]).toMatchObject({ stripeInvoiceId: pending.stripeInvoiceId, status: 'paid' });
    expect((await subscription('u_action')).status).toBe('active');
  });

  it('cancel at period end: access lasts (cancelAtPeriodEnd, no auto-renew), then canceled when the period ends', async () => {
    const subId = await subscribe('u_cancel');
    const res = await post('u_cancel', 'cancel').expect(200);
    expect(res.body.subscription).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: true,
      autoRenews: false,
      canceledAt: expect.any(String),
      endedAt: null,
    });
    expect(fake.subscriptions.get(subId)!.cancel_at_period_end).toBe(true);
    await deliver();
    await post('u_cancel', 'cancel').expect(200); // asking twice is harmless
    expect(await subscription('u_cancel')).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });

    fake.endPeriod(subId);
    await deliver();
    const ended = await subscription('u_cancel');
    expect(ended).toMatchObject({ status: 'canceled', autoRenews: false, endedAt: ended.currentPeriodEnd });
    const again = await post('u_cancel', 'cancel').expect(409);
    expect(again.body.code).toBe('SUBSCRIPTION_NOT_CANCELABLE');
    const resume = await post('u_cancel', 'resume').expect(409);
    expect(resume.body.code).toBe('SUBSCRIPTION_NOT_RESUMABLE');
  });

  it('resume before the end undoes the cancellation; resuming what is not canceling is a 409', async () => {
    const subId = await subscribe('u_resume');
    const notPending = await post('u_resume', 'resume').expect(409);
    expect(notPending.body.code).toBe('SUBSCRIPTION_NOT_RESUMABLE');
    await post('u_resume', 'cancel').expect(200);
    await deliver();
    const res = await post('u_resume', 'resume').expect(200);
    expect(res.body.subscription).toMatchObject({ status: 'active', cancelAtPeriodEnd: false, canceledAt: null, autoRenews: true });
    await deliver();
    expect(fake.subscriptions.get(subId)!.cancel_at_period_end).toBe(false);
    expect(await subscription('u_resume')).toMatchObject({ cancelAtPeriodEnd: false, autoRenews: true });
  });

  it("change plan: the new plan's price on Stripe, proration asked; the same plan is refused", async () => {
    const subId = await subscribe('u_change');
    const same = await post('u_change', 'change-plan', { planCode: 'smart_quarterly' }).expect(400);
    expect(same.body.code).toBe('PLAN_UNCHANGED');
    const unknown = await post('u_change', 'change-plan', { planCode: 'no_such_plan' }).expect(404);
    expect(unknown.body.code).toBe('PLAN_NOT_FOUND');

    const res = await post('u_change', 'change-plan', { planCode: 'super_saver' }).expect(200);
    expect(res.body.subscription).toMatchObject({ planCode: 'super_saver', price: { amountMinor: 390_000, formatted: '₹3,900' }, status: 'active' });
    const update = fake.requests.filter((r) => r.method === 'POST' && r.path === `/v1/subscriptions/${subId}`).at(-1)!;
    expect(update.params).toMatchObject({
      proration_behavior: 'create_prorations',
      items: [{ id: expect.stringMatching(/^si_/), price: expect.stringMatching(/^price_/) }],
    });
    const stripePrice = fake.prices.get(update.params.items[0].price)!;
    expect(stripePrice).toMatchObject({
      unit_amount: 390_000,
      currency: 'inr',
      lookup_key: 'super_saver',
      recurring: { interval: 'year', interval_count: 2 },
    });
    await deliver();
    expect(await subscription('u_change')).toMatchObject({ planCode: 'super_saver', price: { amountMinor: 390_000 } });
  });

  it('immediate cancellation on Stripe → canceled now; a new Checkout is then allowed and reuses the Stripe customer', async () => {
    const subId = await subscribe('u_now');
    const customer = fake.subscriptions.get(subId)!.customer;
    fake.cancelNow(subId);
    await deliver();
    expect(await subscription('u_now')).toMatchObject({ status: 'canceled', endedAt: expect.any(String), autoRenews: false });

    const res = await t.http
      .post('/v1/users/u_now/checkout-sessions')
      .set('Authorization', auth)
      .send({ planCode: 'smart_essential', ...URLS, email: 'x@example.com' })
      .expect(201);
    const create = fake.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!;
    expect(create.params.customer).toBe(customer);
    expect(create.params.customer_email).toBeUndefined();
    fake.completeCheckout(res.body.id);
    await deliver();
    expect(await subscription('u_now')).toMatchObject({ status: 'active', planCode: 'smart_essential' });
  });

  it('a first payment that never succeeds: incomplete, then incomplete_expired; Checkout stays open to the user', async () => {
    const subId = await subscribe('u_incomplete', { pay: false });
    expect(await subscription('u_incomplete')).toMatchObject({ status: 'incomplete', autoRenews: false });
    expect((await invoices('u_incomplete'))[0]).toMatchObject({ status: 'payment_failed', billingReason: 'subscription_create' });
    fake.expireIncomplete(subId);
    await deliver();
    expect(await subscription('u_incomplete')).toMatchObject({ status: 'incomplete_expired', endedAt: expect.any(String) });
    await t.http
      .post('/v1/users/u_incomplete/checkout-sessions')
      .set('Authorization', auth)
      .send({ planCode: 'smart_quarterly', ...URLS })
      .expect(201);
  });

  it('a subscription created outside Tollgate for an unknown customer is kept, unlinked, listed, and grants no user anything', async () => {
    const price = fake.createRecurringPrice({ amount: 50_000, months: 1 });
    const { subscription: sub } = fake.createExternalSubscription(price.id);
    await deliver();
    const rows = await t.dataSource.query('SELECT user_id, plan_id, status FROM subscriptions WHERE stripe_subscription_id = $1', [sub.id]);
    expect(rows).toEqual([{ user_id: null, plan_id: null, status: 'active' }]);
    const list = await t.http.get('/v1/admin/subscriptions?linked=false').set('Authorization', t.bearer(t.adminKey)).expect(200);
    expect(list.body.subscriptions.map((s: { stripeSubscriptionId: string }) => s.stripeSubscriptionId)).toContain(sub.id);
    expect(list.body.subscriptions.find((s: { stripeSubscriptionId: string }) => s.stripeSubscriptionId === sub.id)).toMatchObject({
      userId: null,
      planCode: null,
      stripeCustomerId: sub.customer,
      price: { amountMinor: 50_000, currency: 'INR' },
    });
    const linked = await t.http.get('/v1/admin/subscriptions?linked=true').set('Authorization', t.bearer(t.adminKey)).expect(200);
    expect(linked.body.subscriptions.map((s: { stripeSubscriptionId: string }) => s.stripeSubscriptionId)).not.toContain(sub.id);
    const inv = await t.dataSource.query('SELECT user_id FROM invoices WHERE stripe_subscription_id = $1', [sub.id]);
    expect(inv).toEqual([{ user_id: null }]);
  });

  it('links a subscription by the price lookup_key to the plan and by the known Stripe customer to the user', async () => {
    const subId = await subscribe('u_link');
    const customer = fake.subscriptions.get(subId)!.customer;
    fake.cancelNow(subId);
    fake.takeEvents();
    // Made in Stripe's dashboard for the same customer, without metadata, on a price whose lookup_key is a plan code.
    const price = fake.createRecurringPrice({ amount: 270_000, months: 12, lookupKey: 'smart_essential' });
    const sub = fake.createExternalSubscription(price.id).subscription;
    fake.subscriptions.get(sub.id)!.customer = customer;
    fake.takeEvents();
    await deliverPending(t, fake);
    await postEvent(t, fake, { ...fake.events.at(-2)!, id: `evt_link_${sub.id}` }).expect(200);
    expect(await subscription('u_link')).toMatchObject({ stripeSubscriptionId: sub.id, planCode: 'smart_essential', status: 'active' });
  });

  it('five concurrent copies of one event: one subscription row, one invoice row, one stored event', async () => {
    const { subscription: sub, events } = await checkout(t, fake, 'u_five');
    fake.takeEvents();
    const paid = events.find((e) => e.type === 'invoice.paid')!;
    const reads = fake.requests.length;
    const answers = await Promise.all(Array.from({ length: 5 }, () => postEvent(t, fake, paid)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    // One effect: the copies queued on the stored event and found it processed; Stripe was read once per object.
    expect(fake.requests.slice(reads).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/invoices/${paid.data.object.id}`,
      `GET /v1/subscriptions/${sub.id}`,
    ]);
    const count = async (sql: string, p: string) => (await t.dataSource.query(sql, [p]))[0].n;
    expect(await count('SELECT count(*)::int AS n FROM subscriptions WHERE stripe_subscription_id = $1', sub.id)).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM invoices WHERE stripe_subscription_id = $1', sub.id)).toBe(1);
    expect(await count("SELECT count(*)::int AS n FROM webhook_events WHERE id = $1 AND status = 'processed'", paid.id)).toBe(1);
    expect(await subscription('u_five')).toMatchObject({ status: 'active', stripeSubscriptionId: sub.id });
  });

  it('answers 404 SUBSCRIPTION_NOT_FOUND to cancel, resume and change-plan for a user with none, and validates input', async () => {
    for (const action of ['cancel', 'resume', 'change-plan']) {
      const res = await post('u_nobody', action, action === 'change-plan' ? { planCode: 'super_saver' } : {}).expect(404);
      expect(res.body.code).toBe('SUBSCRIPTION_NOT_FOUND');
    }
    const bad = await t.http
      .post('/v1/users/u_x/checkout-sessions')
      .set('Authorization', auth)
      .send({ planCode: 'smart_quarterly', successUrl: 'not a url', cancelUrl: URLS.cancelUrl, extra: 1 })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['extra', 'successUrl']);
    const unknownPlan = await t.http
      .post('/v1/users/u_x/checkout-sessions')
      .set('Authorization', auth)
      .send({ planCode: 'gold', ...URLS })
      .expect(404);
    expect(unknownPlan.body.code).toBe('PLAN_NOT_FOUND');
    const portal = await t.http
      .post('/v1/users/u_x/billing-portal-sessions')
      .set('Authorization', auth)
      .send({ returnUrl: 'https://news.example/account' })
      .expect(404);
    expect(portal.body.code).toBe('BILLING_CUSTOMER_NOT_FOUND');
    const portalOk = await t.http
      .post('/v1/users/u_new/billing-portal-sessions')
      .set('Authorization', auth)
      .send({ returnUrl: 'https://news.example/account' })
      .expect(201);
    expect(portalOk.body.url).toMatch(/\/portal\/bps_/);
  });
});

describe('Stripe lifecycle events in any order, with any duplicates (property)', () => {
  const s = useStripeTestApp();

  it('always ends in the state Stripe holds: the subscription, and every invoice once', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(fc.nat(), { maxLength: 6 }), async (seed, duplicates) => {
        const { t, fake } = s;
        const userId = `u_prop_${run++}`;
        // A whole life on Stripe's side with nothing delivered: checkout, failed renewal, recovery, cancel in the portal, end.
        const { subscription } = await checkout(t, fake, userId);
        fake.renew(subscription.id, { pay: false });
        fake.recover(subscription.id);
        fake.setCancelAtPeriodEnd(subscription.id);
        fake.endPeriod(subscription.id);
        const events = fake.takeEvents();
        const shuffled = shuffle(events, seed);
        const deliveries = [...shuffled, ...duplicates.map((i) => events[i % events.length])];
        await deliverAll(t, fake, deliveries);

        const view = await subscriptionOf(t, userId);
        const item = fake.subscriptions.get(subscription.id)!.items.data[0];
        expect(view).toMatchObject({
          stripeSubscriptionId: subscription.id,
          status: 'canceled',
          cancelAtPeriodEnd: true,
          currentPeriodEnd: new Date(item.current_period_end * 1000).toISOString(),
          endedAt: new Date(item.current_period_end * 1000).toISOString(),
          autoRenews: false,
        });
        const invoices = (await t.http.get(`/v1/users/${userId}/invoices`).set('Authorization', t.bearer(t.paywallKey)).expect(200)).body.invoices;
        expect(invoices.map((i: { billingReason: string; status: string }) => `${i.billingReason}:${i.status}`)).toEqual([
          'subscription_cycle:paid',
          'subscription_create:paid',
        ]);
      }),
      { numRuns: 6 },
    );
  });
});

/** A deterministic Fisher-Yates shuffle from a seed (a small LCG), so a failing order can be replayed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
