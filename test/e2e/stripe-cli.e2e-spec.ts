import { COMMANDS } from '../../src/cli/commands';
import type { FakeStripe } from '../support/fake-stripe';
import { checkout, deliverPending, useStripeTestApp } from '../support/stripe-webhooks';
import type { TestApp } from '../support/test-app';

describe('CLI: stripe:sync-catalog and stripe:reconcile', () => {
  const ctx = useStripeTestApp();
  let t: TestApp;
  let fake: FakeStripe;
  beforeAll(() => ({ t, fake } = ctx));

  async function run(command: string): Promise<string[]> {
    const lines: string[] = [];
    await COMMANDS[command].run(t.app, {}, (line) => lines.push(line));
    return lines;
  }

  it('sync-catalog gives every plan its Stripe product and price with the plan code as lookup_key; a second run creates nothing', async () => {
    const first = await run('stripe:sync-catalog');
    expect(first.slice(-2)).toEqual(['Created 3 Stripe price(s)', 'Every offer already has its Stripe coupons; nothing created']);
    expect(first.slice(0, 3).map((l) => l.split(':')[0])).toEqual(['smart_quarterly v1', 'smart_essential v1', 'super_saver v1']);
    const rows = await t.dataSource.query(
      'SELECT p.code, pp.stripe_price_id, p.stripe_product_id FROM plans p JOIN plan_prices pp ON pp.id = p.current_price_id ORDER BY p.sort_order',
    );
    const byCode = Object.fromEntries(rows.map((r: { code: string; stripe_price_id: string }) => [r.code, fake.prices.get(r.stripe_price_id)]));
    expect(byCode.smart_quarterly).toMatchObject({
      unit_amount: 90_000,
      currency: 'inr',
      lookup_key: 'smart_quarterly',
      recurring: { interval: 'month', interval_count: 3 },
    });
    expect(byCode.smart_essential).toMatchObject({
      unit_amount: 270_000,
      lookup_key: 'smart_essential',
      recurring: { interval: 'year', interval_count: 1 },
    });
    expect(byCode.super_saver).toMatchObject({
      unit_amount: 390_000,
      lookup_key: 'super_saver',
      recurring: { interval: 'year', interval_count: 2 },
      metadata: { plan_code: 'super_saver' },
    });
    expect(rows.every((r: { stripe_product_id: string }) => fake.products.has(r.stripe_product_id))).toBe(true);

    const prices = fake.prices.size;
    expect(await run('stripe:sync-catalog')).toEqual([
      'Every plan already has its Stripe price; nothing created',
      'Every offer already has its Stripe coupons; nothing created',
    ]);
    expect(fake.prices.size).toBe(prices);
  });

  it('reconcile repairs what missed events left behind, prints it, and a second run changes nothing', async () => {
    const { subscription } = await checkout(t, fake, 'u_rec');
    await deliverPending(t, fake);
    // Stripe moves on, and its events never arrive (beyond the retry window).
    fake.renew(subscription.id, { pay: false });
    const price = fake.prices.get(subscription.items.data[0].price.id)!;
    const outside = fake.createExternalSubscription(price.id, { metadata: { user_id: 'u_outside' } }).subscription;
    fake.takeEvents();

    const lines = await run('stripe:reconcile');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${subscription.id}: status active → past_due, currentPeriodStart .* currentPeriodEnd `)),
        expect.stringMatching(/^in_\w+: recorded \(payment_failed, subscription_cycle\)$/),
        `${outside.id}: created (active, user u_outside, plan smart_quarterly)`,
        expect.stringMatching(/^in_\w+: recorded \(paid, subscription_create\)$/),
      ]),
    );
    expect(lines.at(-1)).toBe('Checked 2 subscription(s) and 3 invoice(s): 4 change(s)');
    const view = (await t.http.get('/v1/users/u_rec/subscription').set('Authorization', t.bearer(t.paywallKey)).expect(200)).body.subscription;
    expect(view.status).toBe('past_due');
    const invoices = (await t.http.get('/v1/users/u_rec/invoices').set('Authorization', t.bearer(t.paywallKey)).expect(200)).body.invoices;
    expect(invoices.map((i: { status: string }) => i.status)).toEqual(['payment_failed', 'paid']);

    expect(await run('stripe:reconcile')).toEqual(['Checked 2 subscription(s) and 3 invoice(s): 0 change(s)']);
  });
});
