import { COMMANDS } from '../../src/cli/commands';
import type { FakeStripe, StripeObj } from '../support/fake-stripe';
import { CHECKOUT_URLS, checkout, deliverPending, subscriptionOf, useStripeTestApp } from '../support/stripe-webhooks';
import type { TestApp } from '../support/test-app';

describe('offers through Stripe: trials, introductory prices, promotion codes, retention, redemption limits', () => {
  const ctx = useStripeTestApp();
  let t: TestApp;
  let fake: FakeStripe;
  beforeAll(() => ({ t, fake } = ctx));

  const admin = () => t.bearer(t.adminKey);
  const paywall = () => t.bearer(t.paywallKey);
  const createOffer = (body: Record<string, unknown>) => t.http.post('/v1/admin/offers').set('Authorization', admin()).send(body).expect(201);
  const startCheckout = (userId: string, body: Record<string, unknown>) =>
    t.http
      .post(`/v1/users/${encodeURIComponent(userId)}/checkout-sessions`)
      .set('Authorization', paywall())
      .send({ ...CHECKOUT_URLS, ...body });
  const lastRequest = (method: string, path: string) => fake.requests.filter((r) => r.method === method && r.path === path).at(-1)!;
  const invoiceTotals = async (userId: string) =>
    (
      await t.http
        .get(`/v1/users/${encodeURIComponent(userId)}/invoices`)
        .set('Authorization', paywall())
        .expect(200)
    ).body.invoices
      .map((i: { total: { amountMinor: number } }) => i.total.amountMinor)
      .reverse();
  const offerAdmin = async (code: string) => (await t.http.get(`/v1/admin/offers/${code}`).set('Authorization', admin()).expect(200)).body;

  it('a trial at Checkout: trialing and entitled, the redemption recorded, then the first invoice at the full price', async () => {
    await createOffer({ code: 'try14', name: '14 days free', kind: 'trial', trialDays: 14, planCodes: ['smart_essential'] });
    const res = await startCheckout('auth0|trial', { planCode: 'smart_essential', offerCode: 'try14' }).expect(201);
    const create = lastRequest('POST', '/v1/checkout/sessions').params;
    expect(create.subscription_data).toMatchObject({ trial_period_days: '14', metadata: { offer_code: 'try14', user_id: 'auth0|trial' } });
    expect(create.discounts).toBeUndefined();
    expect(await offerAdmin('try14')).toMatchObject({ redemptions: 0, reserved: 1 });

    const { subscription } = fake.completeCheckout(res.body.id);
    await deliverPending(t, fake);
    const sub = await subscriptionOf(t, 'auth0|trial');
    const trialEnd = new Date(subscription.trial_end * 1000).toISOString();
    expect(sub).toMatchObject({ status: 'trialing', trialEnd, offer: { code: 'try14', kind: 'trial', endsAt: trialEnd }, autoRenews: true });
    const ent = await t.http.get('/v1/users/auth0|trial/entitlements/premium_stories').set('Authorization', paywall()).expect(200);
    expect(ent.body.granted).toBe(true);
    expect(await offerAdmin('try14')).toMatchObject({ redemptions: 1, reserved: 0 });

    fake.endTrial(subscription.id);
    await deliverPending(t, fake);
    expect(await subscriptionOf(t, 'auth0|trial')).toMatchObject({ status: 'active', offer: null, trialEnd });
    expect(await invoiceTotals('auth0|trial')).toEqual([0, 270_000]);
    // The same webhook again records nothing more.
    expect(await offerAdmin('try14')).toMatchObject({ redemptions: 1 });
  });

  it('an introductory price: discounted invoices for exactly its periods, then the full price', async () => {
    await createOffer({
      code: 'one_rupee',
      name: '₹1 a quarter',
      kind: 'intro_price',
      introPriceMinor: 100,
      introPeriods: 2,
      planCodes: ['smart_quarterly'],
    });
    const coupon = fake.coupons.get('tg_one_rupee_smart_quarterly_89900');
    expect(coupon).toMatchObject({
      amount_off: 89_900,
      currency: 'inr',
      duration: 'repeating',
      duration_in_months: 6,
      metadata: { offer_code: 'one_rupee' },
    });

    const res = await startCheckout('reader@example.com', { planCode: 'smart_quarterly', offerCode: 'one_rupee' }).expect(201);
    expect(lastRequest('POST', '/v1/checkout/sessions').params.discounts).toEqual([{ coupon: 'tg_one_rupee_smart_quarterly_89900' }]);
    const { subscription } = fake.completeCheckout(res.body.id);
    await deliverPending(t, fake);
    const sub = await subscriptionOf(t, 'reader@example.com');
    expect(sub).toMatchObject({ status: 'active', offer: { code: 'one_rupee', kind: 'intro_price' }, trialEnd: null });
    expect(sub.offer.endsAt).not.toBeNull();
    for (let i = 0; i < 3; i++) {
      fake.renew(subscription.id);
      await deliverPending(t, fake);
    }
    expect(await invoiceTotals('reader@example.com')).toEqual([100, 100, 90_000, 90_000]);
    expect((await subscriptionOf(t, 'reader@example.com')).offer).toBeNull();
    expect(await offerAdmin('one_rupee')).toMatchObject({ redemptions: 1, reserved: 0 });
  });

  it('refuses a first-time-only promotion code to a past subscriber with 409, and takes it from a new reader', async () => {
    await createOffer({
      code: 'diwali',
      name: 'Diwali',
      kind: 'percent_off',
      percentOff: 50,
      introPeriods: 1,
      promotionCode: 'DIWALI50',
      planCodes: ['super_saver'],
    });
    expect([...fake.promotionCodes.values()].find((p) => p.code === 'DIWALI50')).toMatchObject({ promotion: { coupon: 'tg_diwali' }, active: true });
    const past = await startCheckout('auth0|trial', { planCode: 'super_saver', promotionCode: 'DIWALI50' });
    // auth0|trial holds a live subscription: that is checked first.
    expect([past.status, past.body.code]).toEqual([409, 'ALREADY_SUBSCRIBED']);
    await t.dataSource.query(`UPDATE subscriptions SET status = 'canceled' WHERE user_id = 'auth0|trial'`);
    const refused = await startCheckout('auth0|trial', { planCode: 'super_saver', promotionCode: 'DIWALI50' });
    expect([refused.status, refused.body.code]).toEqual([409, 'OFFER_FIRST_TIME_ONLY']);
    const wrongPlan = await startCheckout('auth0|fresh', { planCode: 'smart_quarterly', promotionCode: 'DIWALI50' });
    expect([wrongPlan.status, wrongPlan.body.code]).toEqual([409, 'OFFER_NOT_FOR_PLAN']);
    const byName = await startCheckout('auth0|fresh', { planCode: 'super_saver', offerCode: 'diwali' });
    expect([byName.status, byName.body.code]).toEqual([404, 'OFFER_NOT_FOUND']);

    const ok = await startCheckout('auth0|fresh', { planCode: 'super_saver', promotionCode: 'DIWALI50' }).expect(201);
    fake.completeCheckout(ok.body.id);
    await deliverPending(t, fake);
    expect(await invoiceTotals('auth0|fresh')).toEqual([195_000]);
    expect((await subscriptionOf(t, 'auth0|fresh')).offer).toMatchObject({ code: 'diwali', kind: 'percent_off' });
  });

  it('a retention offer accepted while a cancellation is pending undoes it and discounts the next invoice', async () => {
    const { subscription } = await checkout(t, fake, 'u_leaving');
    await deliverPending(t, fake);
    await t.http.post('/v1/users/u_leaving/subscription/cancel').set('Authorization', paywall()).expect(200);
    const none = await t.http.get('/v1/users/u_leaving/subscription/retention-offer').set('Authorization', paywall());
    expect([none.status, none.body.code]).toEqual([404, 'OFFER_NOT_FOUND']);

    await createOffer({
      code: 'stay_half',
      name: 'Stay: half price',
      kind: 'percent_off',
      percentOff: 50,
      introPeriods: 1,
      redemption: 'retention',
      planCodes: ['smart_quarterly'],
    });
    await createOffer({
      code: 'stay_ten',
      name: 'Stay: 10% off',
      kind: 'percent_off',
      percentOff: 10,
      introPeriods: 1,
      redemption: 'retention',
      planCodes: ['smart_quarterly'],
    });
    const offer = await t.http.get('/v1/users/u_leaving/subscription/retention-offer').set('Authorization', paywall()).expect(200);
    expect(offer.body).toMatchObject({
      code: 'stay_half',
      firstPeriodPrice: { amountMinor: 45_000 },
      disclosure: '50% off for the first 3 months: ₹450, then ₹900 every 3 months. Renews automatically; cancel anytime.',
    });
    // A retention offer is not a signup offer: not on the plan card, not at Checkout.
    const plans = (await t.http.get('/v1/plans').expect(200)).body.plans;
    expect(plans.find((p: { code: string }) => p.code === 'smart_quarterly').offers.map((o: { code: string }) => o.code)).not.toContain('stay_half');

    // A month into the quarter, the reader is about to leave.
    fake.setNow(fake.now() + 30 * 86_400);
    const accepted = await t.http
      .post('/v1/users/u_leaving/subscription/accept-offer')
      .set('Authorization', paywall())
      .send({ offerCode: 'stay_half' })
      .expect(200);
    expect(accepted.body.subscription).toMatchObject({
      cancelAtPeriodEnd: false,
      autoRenews: true,
      offer: { code: 'stay_half', kind: 'percent_off' },
    });
    expect(lastRequest('POST', `/v1/subscriptions/${subscription.id}`).params).toMatchObject({
      discounts: [{ coupon: 'tg_stay_half' }],
      cancel_at_period_end: 'false',
    });
    await deliverPending(t, fake);
    fake.renew(subscription.id);
    await deliverPending(t, fake);
    expect(await invoiceTotals('u_leaving')).toEqual([90_000, 45_000]);
    fake.setNow(null);
    expect(await offerAdmin('stay_half')).toMatchObject({ redemptions: 1, reserved: 0 });
    const audit = await t.dataSource.query(`SELECT action FROM audit_log WHERE entity_type = 'subscription' ORDER BY seq DESC LIMIT 1`);
    expect(audit).toEqual([{ action: 'subscription.accept_offer' }]);
    // Taken once: a first-time-only retention offer is not offered again.
    const again = await t.http.post('/v1/users/u_leaving/subscription/accept-offer').set('Authorization', paywall()).send({ offerCode: 'stay_half' });
    expect([again.status, again.body.code]).toEqual([409, 'OFFER_FIRST_TIME_ONLY']);
  });

  it('five concurrent Checkouts for an offer with maxRedemptions 1 give one Session and four 409 OFFER_EXHAUSTED; an expired Session gives it back', async () => {
    await createOffer({
      code: 'one_only',
      name: 'Only one',
      kind: 'trial',
      trialDays: 7,
      promotionCode: 'ONEONLY',
      maxRedemptions: 1,
      planCodes: ['smart_quarterly'],
    });
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => startCheckout(`race_${i}`, { planCode: 'smart_quarterly', promotionCode: 'ONEONLY' })),
    );
    const statuses = results.map((r) => [r.status, r.body.code ?? 'created']).sort();
    expect(statuses).toEqual([[201, 'created'], ...Array(4).fill([409, 'OFFER_EXHAUSTED'])]);
    const winner = results.find((r) => r.status === 201)!;
    const sessions = [...fake.sessions.values()].filter((s: StripeObj) => s.metadata?.offer_code === 'one_only');
    expect(sessions.map((s) => s.id)).toEqual([winner.body.id]);

    fake.expireCheckout(winner.body.id);
    await deliverPending(t, fake);
    expect(await offerAdmin('one_only')).toMatchObject({ redemptions: 0, reserved: 0 });
    const next = await startCheckout('race_6', { planCode: 'smart_quarterly', promotionCode: 'ONEONLY' }).expect(201);
    fake.completeCheckout(next.body.id);
    await deliverPending(t, fake);
    expect(await offerAdmin('one_only')).toMatchObject({ redemptions: 1, reserved: 0 });
    const late = await startCheckout('race_7', { planCode: 'smart_quarterly', promotionCode: 'ONEONLY' });
    expect([late.status, late.body.code]).toEqual([409, 'OFFER_EXHAUSTED']);
  });

  it('an offer stored while Stripe is unreachable gets its coupon and promotion code from stripe:sync-catalog; a second run creates nothing', async () => {
    fake.failing = true;
    await createOffer({
      code: 'later_sync',
      name: 'Later',
      kind: 'percent_off',
      percentOff: 20,
      introPeriods: 2,
      promotionCode: 'LATER20',
      planCodes: ['smart_quarterly'],
    });
    fake.failing = false;
    expect(fake.coupons.has('tg_later_sync')).toBe(false);
    const run = async () => {
      const lines: string[] = [];
      await COMMANDS['stripe:sync-catalog'].run(t.app, {}, (line) => lines.push(line));
      return lines;
    };
    const first = await run();
    expect(first).toContain('offer later_sync: coupon tg_later_sync created');
    expect(first.at(-1)).toMatch(/^Created \d+ Stripe coupon\(s\) and promotion code\(s\)$/);
    expect(fake.coupons.get('tg_later_sync')).toMatchObject({ percent_off: 20, duration: 'repeating', duration_in_months: 6 });
    expect([...fake.promotionCodes.values()].find((p) => p.code === 'LATER20')).toMatchObject({ promotion: { coupon: 'tg_later_sync' } });
    const [row] = await t.dataSource.query(`SELECT stripe_promotion_code_id FROM offers WHERE code = 'later_sync'`);
    expect(row.stripe_promotion_code_id).toMatch(/^promo_/);
    const coupons = fake.coupons.size;
    expect((await run()).at(-1)).toBe('Every offer already has its Stripe coupons; nothing created');
    expect(fake.coupons.size).toBe(coupons);
  });
});
