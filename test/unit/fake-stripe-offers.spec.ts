import Stripe from 'stripe';
import { addInterval, FakeStripe, type StripeObj } from '../support/fake-stripe';

// The fake's offers (coupons, promotion codes, discounts, trials) as the real SDK sees them: the requests are encoded
// by the SDK, so a parameter the fake misreads fails here before it misleads an e2e test.
const T0 = Date.UTC(2026, 0, 15, 9) / 1000;
const DAY = 86400;
const SUCCESS_URL = 'https://news.example/done';

let fake: FakeStripe;
let stripe: Stripe;

beforeEach(async () => {
  fake = await FakeStripe.start();
  fake.setNow(T0);
  // Built as src/stripe/stripe-client.ts builds it from STRIPE_API_URL.
  const url = new URL(fake.url);
  stripe = new Stripe('sk_test_x', { maxNetworkRetries: 0, host: url.hostname, port: url.port, protocol: 'http' });
});
afterEach(() => fake.close());

/** A quarterly ₹900 price. */
const quarterly = () => fake.createRecurringPrice({ amount: 90000, months: 3 });

function checkout(price: string, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price, quantity: 1 }], success_url: SUCCESS_URL, ...extra });
}

/** Bills `n` more periods; returns every invoice total of the subscription so far, oldest first. */
function renewTimes(subId: string, n: number): number[] {
  for (let i = 0; i < n; i++) fake.renew(subId);
  return totals(subId);
}

const totals = (subId: string) =>
  [...fake.invoices.values()].filter((i) => i.parent.subscription_details.subscription === subId).map((i) => i.total as number);

describe('coupons', () => {
  it('creates, reads, lists and deletes a coupon; a taken id is refused', async () => {
    const coupon = await stripe.coupons.create({ id: 'INTRO', amount_off: 89900, currency: 'INR', duration: 'repeating', duration_in_months: 6 });
    expect(coupon).toMatchObject({
      id: 'INTRO',
      object: 'coupon',
      amount_off: 89900,
      currency: 'inr',
      percent_off: null,
      duration: 'repeating',
      duration_in_months: 6,
      max_redemptions: null,
      redeem_by: null,
      times_redeemed: 0,
      valid: true,
    });
    expect(await stripe.coupons.retrieve('INTRO')).toEqual(coupon);
    await expect(stripe.coupons.create({ id: 'INTRO', percent_off: 10 })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_already_exists',
    });

    const generated = await stripe.coupons.create({ percent_off: 25, duration: 'forever' });
    expect(generated.id).toMatch(/^[A-Z0-9]{8}$/);
    expect((await stripe.coupons.list()).data.map((c) => c.id)).toEqual(['INTRO', generated.id]);

    expect(await stripe.coupons.del('INTRO')).toEqual({ id: 'INTRO', object: 'coupon', deleted: true });
    await expect(stripe.coupons.retrieve('INTRO')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('refuses a coupon Stripe would refuse', async () => {
    const refused = [
      { percent_off: 10, amount_off: 100, currency: 'inr' },
      { amount_off: 100 },
      { percent_off: 120 },
      { percent_off: 10, duration: 'repeating' as const },
      { percent_off: 10, applies_to: { products: ['prod_missing'] } },
    ];
    for (const params of refused) await expect(stripe.coupons.create(params)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('shows applies_to only when expanded, as Stripe does', async () => {
    const product = quarterly().product;
    await stripe.coupons.create({ id: 'ONLY', percent_off: 10, applies_to: { products: [product] } });
    expect((await stripe.coupons.retrieve('ONLY')).applies_to).toBeUndefined();
    expect((await stripe.coupons.retrieve('ONLY', { expand: ['applies_to'] })).applies_to).toEqual({ products: [product] });
  });
});

describe('promotion codes', () => {
  it('creates a code for a coupon and finds it by code (any case) among active codes', async () => {
    await stripe.coupons.create({ id: 'WELCOME10', percent_off: 10, duration: 'once' });
    const promo = await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: 'WELCOME10' },
      code: 'WELCOME',
      max_redemptions: 100,
      restrictions: { first_time_transaction: true },
      metadata: { campaign: 'launch' },
    });
    expect(promo).toEqual({
      id: expect.stringMatching(/^promo_/),
      object: 'promotion_code',
      active: true,
      code: 'WELCOME',
      created: T0,
      customer: null,
      customer_account: null,
      expires_at: null,
      livemode: false,
      max_redemptions: 100,
      metadata: { campaign: 'launch' },
      promotion: { type: 'coupon', coupon: 'WELCOME10' },
      restrictions: { currency_options: {}, first_time_transaction: true, minimum_amount: null, minimum_amount_currency: null },
      times_redeemed: 0,
    });
    expect((await stripe.promotionCodes.list({ code: 'welcome', active: true })).data).toEqual([promo]);
    expect((await stripe.promotionCodes.list({ code: 'OTHER' })).data).toEqual([]);
    expect((await stripe.promotionCodes.retrieve(promo.id, { expand: ['promotion.coupon'] })).promotion.coupon).toMatchObject({
      id: 'WELCOME10',
      percent_off: 10,
    });

    await expect(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'WELCOME10' }, code: 'welcome' })).rejects.toMatchObject({
      statusCode: 400,
    });
    await stripe.promotionCodes.update(promo.id, { active: false });
    const again = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'WELCOME10' }, code: 'WELCOME' });
    expect((await stripe.promotionCodes.list({ code: 'WELCOME', active: true })).data.map((p) => p.id)).toEqual([again.id]);
  });

  it('refuses a code for a coupon that does not exist', async () => {
    await expect(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'NOPE' } })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
    });
  });
});

describe('Checkout with a trial', () => {
  it('starts trialing with a 0 invoice, and bills the full price from the trial end', async () => {
    const price = quarterly();
    const session = await checkout(price.id, { subscription_data: { trial_period_days: 14 } });
    const done = fake.completeCheckout(session.id);
    const trialEnd = T0 + 14 * DAY;

    const sub = await stripe.subscriptions.retrieve(done.subscription.id);
    expect(sub).toMatchObject({
      status: 'trialing',
      trial_start: T0,
      trial_end: trialEnd,
      billing_cycle_anchor: trialEnd,
      trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
    });
    expect(sub.items.data[0]).toMatchObject({ current_period_start: T0, current_period_end: trialEnd });
    expect(done.invoice).toMatchObject({ billing_reason: 'subscription_create', subtotal: 0, total: 0, amount_paid: 0, status: 'paid' });
    expect(done.events.map((e) => e.type)).toEqual(['checkout.session.completed', 'customer.subscription.created', 'invoice.paid']);
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('no_payment_required');

    const { invoice, events } = fake.endTrial(sub.id);
    expect(invoice).toMatchObject({ billing_reason: 'subscription_cycle', subtotal: 90000, total: 90000, amount_paid: 90000, created: trialEnd });
    expect(events[0]).toMatchObject({ type: 'customer.subscription.updated', data: { previous_attributes: { status: 'trialing' } } });
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after).toMatchObject({ status: 'active', trial_end: trialEnd });
    expect(after.items.data[0]).toMatchObject({
      current_period_start: trialEnd,
      current_period_end: addInterval(trialEnd, { interval: 'month', interval_count: 3 }),
    });
  });

  it('refuses trial days outside 1..730', async () => {
    const price = quarterly();
    for (const days of [0, 731]) {
      await expect(checkout(price.id, { subscription_data: { trial_period_days: days } })).rejects.toMatchObject({ statusCode: 400 });
    }
  });

  it('announces the trial end; endTrial refuses a subscription that is not trialing', async () => {
    const done = fake.completeCheckout((await checkout(quarterly().id, { subscription_data: { trial_period_days: 7 } })).id);
    expect(fake.trialWillEnd(done.subscription.id).events).toEqual([
      expect.objectContaining({ type: 'customer.subscription.trial_will_end', data: { object: expect.objectContaining({ status: 'trialing' }) } }),
    ]);
    fake.endTrial(done.subscription.id);
    expect(() => fake.endTrial(done.subscription.id)).toThrow(/not trialing/);
  });
});

describe('discounts from Checkout', () => {
  it('an intro coupon of 6 months on a quarterly price discounts exactly the first two invoices', async () => {
    const price = quarterly();
    await stripe.coupons.create({ id: 'INTRO', amount_off: 89900, currency: 'inr', duration: 'repeating', duration_in_months: 6 });
    const session = await checkout(price.id, { discounts: [{ coupon: 'INTRO' }] });
    expect(session.discounts).toEqual([{ coupon: 'INTRO', promotion_code: null }]);

    const done = fake.completeCheckout(session.id);
    const [discountId] = done.subscription.discounts;
    expect(fake.discounts.get(discountId)).toEqual({
      id: expect.stringMatching(/^di_/),
      object: 'discount',
      checkout_session: session.id,
      customer: done.subscription.customer,
      customer_account: null,
      end: addInterval(T0, { interval: 'month', interval_count: 6 }),
      invoice: null,
      invoice_item: null,
      promotion_code: null,
      source: { type: 'coupon', coupon: 'INTRO' },
      start: T0,
      subscription: done.subscription.id,
      subscription_item: null,
    });
    expect(done.invoice).toMatchObject({
      subtotal: 90000,
      total: 100,
      amount_due: 100,
      amount_paid: 100,
      discounts: [discountId],
      total_discount_amounts: [{ amount: 89900, discount: discountId }],
    });
    expect(done.invoice.lines.data[0]).toMatchObject({ amount: 90000, discount_amounts: [{ amount: 89900, discount: discountId }], discounts: [] });
    expect((await stripe.coupons.retrieve('INTRO')).times_redeemed).toBe(1);

    expect(renewTimes(done.subscription.id, 1)).toEqual([100, 100]);
    const { invoice, events } = fake.renew(done.subscription.id);
    expect(totals(done.subscription.id)).toEqual([100, 100, 90000]);
    expect(invoice).toMatchObject({ subtotal: 90000, discounts: [], total_discount_amounts: [] });
    // The discount has ended, so Stripe takes it off the subscription.
    expect(events[0].data.previous_attributes.discounts).toEqual([discountId]);
    expect((await stripe.subscriptions.retrieve(done.subscription.id)).discounts).toEqual([]);
    expect(renewTimes(done.subscription.id, 1)).toEqual([100, 100, 90000, 90000]);
  });

  it('a percent_off forever coupon discounts every invoice, rounded to the nearest paisa', async () => {
    const price = fake.createRecurringPrice({ amount: 99900, months: 1 });
    await stripe.coupons.create({ id: 'THIRD', percent_off: 33.3, duration: 'forever' });
    const done = fake.completeCheckout((await checkout(price.id, { discounts: [{ coupon: 'THIRD' }] })).id);
    // 99900 × 33.3% = 33266.7 → 33267 off.
    expect(renewTimes(done.subscription.id, 3)).toEqual([66633, 66633, 66633, 66633]);
    expect((await stripe.subscriptions.retrieve(done.subscription.id)).discounts).toHaveLength(1);
  });

  it('a once coupon discounts the first invoice after a trial, then leaves the subscription', async () => {
    await stripe.coupons.create({ id: 'FIRST', percent_off: 50, duration: 'once' });
    const price = quarterly();
    const session = await checkout(price.id, { discounts: [{ coupon: 'FIRST' }], subscription_data: { trial_period_days: 7 } });
    const done = fake.completeCheckout(session.id);
    expect(renewTimes(done.subscription.id, 2)).toEqual([0, 45000, 90000]);
    expect(fake.subscriptions.get(done.subscription.id)!.discounts).toEqual([]);
  });

  it('a coupon limited to other products takes nothing off', async () => {
    const other = quarterly();
    await stripe.coupons.create({ id: 'OTHER', percent_off: 50, duration: 'forever', applies_to: { products: [other.product] } });
    const price = quarterly();
    const done = fake.completeCheckout((await checkout(price.id, { discounts: [{ coupon: 'OTHER' }] })).id);
    expect(done.invoice).toMatchObject({ total: 90000, discounts: [], total_discount_amounts: [] });
  });

  it('redeems a promotion code once when it allows one redemption; the next completion is refused', async () => {
    const price = quarterly();
    await stripe.coupons.create({ id: 'HALF', percent_off: 50, duration: 'once' });
    const promo = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'HALF' }, code: 'ONCEONLY', max_redemptions: 1 });
    const first = await checkout(price.id, { discounts: [{ promotion_code: promo.id }] });
    const second = await checkout(price.id, { discounts: [{ promotion_code: promo.id }] });
    expect(first.discounts).toEqual([{ coupon: null, promotion_code: promo.id }]);

    const done = fake.completeCheckout(first.id);
    expect(fake.discounts.get(done.subscription.discounts[0])).toMatchObject({ promotion_code: promo.id, source: { coupon: 'HALF' } });
    expect(done.invoice.total).toBe(45000);
    expect(await stripe.promotionCodes.retrieve(promo.id)).toMatchObject({ times_redeemed: 1, active: true });
    expect((await stripe.coupons.retrieve('HALF')).times_redeemed).toBe(1);

    const subscriptions = fake.subscriptions.size;
    expect(() => fake.completeCheckout(second.id)).toThrow(/max_redemptions/);
    expect(fake.subscriptions.size).toBe(subscriptions);
    await expect(checkout(price.id, { discounts: [{ promotion_code: promo.id }] })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('takes a code the customer types on a session that allows promotion codes', async () => {
    const price = quarterly();
    await stripe.coupons.create({ id: 'TYPED', amount_off: 10000, currency: 'inr', duration: 'once' });
    const promo = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'TYPED' }, code: 'SAVE100' });
    const session = await checkout(price.id, { allow_promotion_codes: true });
    const done = fake.completeCheckout(session.id, { promotionCode: 'save100' });
    expect(done.invoice.total).toBe(80000);
    expect((await stripe.checkout.sessions.retrieve(session.id)).discounts).toEqual([{ coupon: null, promotion_code: promo.id }]);
  });

  it('refuses unknown coupons and codes, and discounts together with allow_promotion_codes', async () => {
    const price = quarterly();
    await stripe.coupons.create({ id: 'REAL', percent_off: 10 });
    await expect(checkout(price.id, { discounts: [{ coupon: 'NOPE' }] })).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing' });
    await expect(checkout(price.id, { discounts: [{ promotion_code: 'promo_nope' }] })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
    });
    await expect(checkout(price.id, { discounts: [{ coupon: 'REAL' }], allow_promotion_codes: true })).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('discounts on a subscription update', () => {
  it('a retention offer: the discount replaces none, undoes the cancellation, and the next renewal is discounted', async () => {
    const price = quarterly();
    const done = fake.completeCheckout((await checkout(price.id)).id);
    fake.setCancelAtPeriodEnd(done.subscription.id);
    fake.takeEvents();
    await stripe.coupons.create({ id: 'STAY', percent_off: 50, duration: 'once' });

    const updated = await stripe.subscriptions.update(done.subscription.id, { discounts: [{ coupon: 'STAY' }], cancel_at_period_end: false });
    expect(updated).toMatchObject({ cancel_at_period_end: false, discounts: [expect.stringMatching(/^di_/)] });
    const [event] = fake.takeEvents();
    expect(event).toMatchObject({
      type: 'customer.subscription.updated',
      data: { object: { discounts: updated.discounts }, previous_attributes: { discounts: [], cancel_at_period_end: true } },
    });
    expect(fake.discounts.get(updated.discounts[0] as string)).toMatchObject({ start: T0, end: null, checkout_session: null });

    expect(renewTimes(done.subscription.id, 2)).toEqual([90000, 45000, 90000]);
  });

  it('clears discounts with an empty value and refuses an unknown coupon', async () => {
    await stripe.coupons.create({ id: 'KEEP', percent_off: 20, duration: 'forever' });
    const done = fake.completeCheckout((await checkout(quarterly().id, { discounts: [{ coupon: 'KEEP' }] })).id);
    await expect(stripe.subscriptions.update(done.subscription.id, { discounts: [{ coupon: 'NOPE' }] })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
    });
    expect(fake.subscriptions.get(done.subscription.id)!.discounts).toEqual(done.subscription.discounts);

    expect((await stripe.subscriptions.update(done.subscription.id, { discounts: '' })).discounts).toEqual([]);
    expect(renewTimes(done.subscription.id, 1)).toEqual([72000, 90000]);
  });
});

describe('expanding discounts', () => {
  it('gives ids by default, discount objects when expanded, and the coupon inside source when that is expanded too', async () => {
    const coupon = await stripe.coupons.create({ id: 'EXP', percent_off: 15, duration: 'forever' });
    const promo = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'EXP' }, code: 'EXPAND' });
    const done = fake.completeCheckout((await checkout(quarterly().id, { discounts: [{ promotion_code: promo.id }] })).id);
    const id = done.subscription.id;
    const [discountId] = done.subscription.discounts;

    expect((await stripe.subscriptions.retrieve(id)).discounts).toEqual([discountId]);
    const plain = (await stripe.subscriptions.retrieve(id, { expand: ['discounts'] })).discounts as Stripe.Discount[];
    expect(plain).toEqual([fake.discounts.get(discountId)]);
    expect(plain[0].source.coupon).toBe('EXP');

    const deep = (await stripe.subscriptions.retrieve(id, { expand: ['discounts.source.coupon', 'discounts.promotion_code'] }))
      .discounts as Stripe.Discount[];
    expect(deep[0]).toMatchObject({
      id: discountId,
      source: { type: 'coupon', coupon: { ...coupon, times_redeemed: 1 } },
      promotion_code: { id: promo.id },
    });

    const listed = await stripe.subscriptions.list({ expand: ['data.discounts.source.coupon'] });
    expect((listed.data[0].discounts as Stripe.Discount[])[0].source.coupon).toMatchObject({ id: 'EXP', percent_off: 15 });
    const updated = await stripe.subscriptions.update(id, { metadata: { k: 'v' }, expand: ['discounts'] });
    expect((updated.discounts as Stripe.Discount[])[0].id).toBe(discountId);
  });
});

describe('Checkout Session expiry', () => {
  it('expires an open session with checkout.session.expired; it can no longer be completed or expired', async () => {
    const price = quarterly();
    const session = await checkout(price.id, { expires_at: T0 + 3600 });
    expect(session.expires_at).toBe(T0 + 3600);
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ id: session.id, status: 'expired', url: null });
    const [event] = fake.takeEvents();
    expect(event).toMatchObject({ type: 'checkout.session.expired', data: { object: { id: session.id, status: 'expired' } } });
    expect(Object.keys(event.data.object).filter((k) => k.startsWith('_'))).toEqual([]);
    expect(() => fake.completeCheckout(session.id)).toThrow(/expired/);
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('expireCheckout does the same from Stripe’s side', async () => {
    const session = await checkout(quarterly().id);
    const { session: expired, events } = fake.expireCheckout(session.id);
    expect(expired.status).toBe('expired');
    expect(events.map((e: StripeObj) => e.type)).toEqual(['checkout.session.expired']);
  });

  it('refuses an expires_at outside 30 minutes to 24 hours', async () => {
    const price = quarterly();
    for (const at of [T0 + 600, T0 + 2 * DAY]) await expect(checkout(price.id, { expires_at: at })).rejects.toMatchObject({ statusCode: 400 });
  });
});
