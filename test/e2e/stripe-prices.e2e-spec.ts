import { COMMANDS } from '../../src/cli/commands';
import type { FakeStripe } from '../support/fake-stripe';
import { checkout, deliverPending, postEvent, useStripeTestApp, subscriptionOf } from '../support/stripe-webhooks';
import type { TestApp } from '../support/test-app';

const ALL_BENEFITS = ['premium_stories', 'epaper'];

describe('Stripe Prices for plans and price versions', () => {
  const ctx = useStripeTestApp();
  let t: TestApp;
  let fake: FakeStripe;
  let admin: string;
  beforeAll(() => ({ t, fake, admin } = { ...ctx, admin: ctx.t.bearer(ctx.t.adminKey) }));

  const createPlan = (code: string, intervalMonths: number, amountMinor: number) =>
    t.http
      .post('/v1/admin/plans')
      .set('Authorization', admin)
      .send({
        code,
        name: code.replace(/_/g, ' '),
        intervalMonths,
        price: { amountMinor, currency: 'INR' },
        benefitCodes: ALL_BENEFITS,
        status: 'active',
      });

  it.each([
    ['monthly_plan', 1, { interval: 'month', interval_count: 1 }],
    ['half_year_plan', 6, { interval: 'month', interval_count: 6 }],
    ['three_year_plan', 36, { interval: 'year', interval_count: 3 }],
  ])('creating plan %s (%i months) creates its Stripe product and price, the plan code as lookup_key', async (code, months, recurring) => {
    const res = await createPlan(code, months, 10_000 * months).expect(201);
    const stripePriceId = res.body.currentPrice.stripePriceId;
    expect(stripePriceId).toMatch(/^price_/);
    expect(fake.prices.get(stripePriceId)).toMatchObject({
      unit_amount: 10_000 * months,
      currency: 'inr',
      lookup_key: code,
      recurring,
      metadata: { plan_code: code },
      product: res.body.stripeProductId,
    });
    expect(fake.products.get(res.body.stripeProductId)).toMatchObject({ metadata: { plan_code: code } });
    const [row] = await t.dataSource.query('SELECT pp.stripe_price_id FROM plan_prices pp JOIN plans p ON p.id = pp.plan_id WHERE p.code = $1', [
      code,
    ]);
    expect(row.stripe_price_id).toBe(stripePriceId);
  });

  it('a new price version gets a new Stripe price (lookup_key transferred); the subscriber keeps the old one, a new checkout gets the new', async () => {
    const plan = (await createPlan('versioned_plan', 3, 90_000).expect(201)).body;
    const v1 = plan.currentPrice.stripePriceId;
    const { subscription } = await checkout(t, fake, 'u_old', { planCode: 'versioned_plan' });
    await deliverPending(t, fake);

    const v2res = await t.http
      .post('/v1/admin/plans/versioned_plan/prices')
      .set('Authorization', admin)
      .send({ amountMinor: 120_000, currency: 'INR' })
      .expect(201);
    const v2 = v2res.body.currentPrice.stripePriceId;
    expect(v2).toMatch(/^price_/);
    expect(v2).not.toBe(v1);
    expect(fake.prices.get(v2)).toMatchObject({ unit_amount: 120_000, lookup_key: 'versioned_plan', product: plan.stripeProductId });
    expect(fake.prices.get(v1)!.lookup_key).toBeNull();

    // The grandfathered subscriber: still on v1 in Stripe and here, still linked to the plan, after any event.
    expect(fake.subscriptions.get(subscription.id)!.items.data[0].price.id).toBe(v1);
    await postEvent(t, fake, { ...fake.events.find((e) => e.data.object.id === subscription.id)!, id: 'evt_after_v2' }).expect(200);
    expect(await subscriptionOf(t, 'u_old')).toMatchObject({ planCode: 'versioned_plan', price: { amountMinor: 90_000, formatted: '₹900' } });

    const fresh = await checkout(t, fake, 'u_new', { planCode: 'versioned_plan' });
    expect(fresh.subscription.items.data[0].price.id).toBe(v2);
    await deliverPending(t, fake);
    expect(await subscriptionOf(t, 'u_new')).toMatchObject({ planCode: 'versioned_plan', price: { amountMinor: 120_000, formatted: '₹1,200' } });
  });

  it('stripePriceId links an existing Stripe price instead of creating one', async () => {
    await createPlan('linked_plan', 12, 270_000).expect(201);
    const existing = fake.createRecurringPrice({ amount: 250_000, months: 12 });
    const prices = fake.prices.size;
    const res = await t.http
      .post('/v1/admin/plans/linked_plan/prices')
      .set('Authorization', admin)
      .send({ amountMinor: 250_000, currency: 'INR', stripePriceId: existing.id })
      .expect(201);
    expect(res.body.currentPrice.stripePriceId).toBe(existing.id);
    expect(fake.prices.size).toBe(prices);
  });

  it('when Stripe fails the plan is still created, without a Stripe price, and stripe:sync-catalog repairs it', async () => {
    fake.failing = true;
    let res;
    try {
      res = await createPlan('unlucky_plan', 3, 30_000).expect(201);
    } finally {
      fake.failing = false;
    }
    expect(res.body.currentPrice.stripePriceId).toBeNull();
    const lines: string[] = [];
    await COMMANDS['stripe:sync-catalog'].run(t.app, {}, (l) => lines.push(l));
    expect(lines.some((l) => l.startsWith('unlucky_plan v1:'))).toBe(true);
    const plan = (await t.http.get('/v1/admin/plans/unlucky_plan').set('Authorization', admin).expect(200)).body;
    expect(fake.prices.get(plan.currentPrice.stripePriceId)).toMatchObject({ unit_amount: 30_000, lookup_key: 'unlucky_plan' });
  });
});
