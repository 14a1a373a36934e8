import type { FakeStripe } from '../support/fake-stripe';
import { useStripeTestApp } from '../support/stripe-webhooks';
import type { TestApp } from '../support/test-app';

/**
 * The demo page's offer routes: GET /v1/demo/offers/{promotionCode} answers what GET /v1/offers/{promotionCode} answers
 * for the demo user, and the demo Checkout carries the offer the page names to Stripe.
 */
describe('offers on the demo paywall routes (keyless, for the demo user)', () => {
  const ctx = useStripeTestApp();
  let t: TestApp;
  let fake: FakeStripe;
  beforeAll(async () => {
    ({ t, fake } = ctx);
    const create = (body: Record<string, unknown>) =>
      t.http.post('/v1/admin/offers').set('Authorization', t.bearer(t.adminKey)).send(body).expect(201);
    await create({
      code: 'festival',
      name: 'Festival',
      kind: 'percent_off',
      percentOff: 40,
      introPeriods: 2,
      promotionCode: 'FESTIVE40',
      planCodes: ['smart_quarterly', 'super_saver'],
    });
    await create({ code: 'try14', name: '14 days free', kind: 'trial', trialDays: 14, planCodes: ['smart_essential'] });
    await create({
      code: 'summer',
      name: 'Summer',
      kind: 'trial',
      trialDays: 7,
      promotionCode: 'SUMMER',
      startsAt: '2027-06-01T00:00:00Z',
      endsAt: '2027-07-01T00:00:00Z',
      planCodes: ['smart_quarterly'],
    });
    await create({
      code: 'one_only',
      name: 'One only',
      kind: 'trial',
      trialDays: 3,
      promotionCode: 'ONEONLY',
      maxRedemptions: 1,
      planCodes: ['smart_quarterly'],
    });
  });
  afterEach(() => t.clock.reset());

  const demoLookup = (code: string, query: string) => t.http.get(`/v1/demo/offers/${code}?${query}`);
  const contractLookup = (code: string, query: string) =>
    t.http.get(`/v1/offers/${code}?${query}&userId=demo-reader`).set('Authorization', t.bearer(t.paywallKey));
  /** Both routes asked the same: the same status and body. */
  async function same(code: string, query: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const demo = await demoLookup(code, query);
    const contract = await contractLookup(code, query);
    expect({ status: demo.status, body: demo.body }).toEqual({ status: contract.status, body: contract.body });
    return demo;
  }
  const counts = async () =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM offer_redemptions) AS redemptions, (SELECT count(*)::int FROM subscriptions) AS subs`,
      )
    )[0];

  it('answers a good code with the offer on the plan and its disclosure, as the contract route does', async () => {
    const res = await same('FESTIVE40', 'planCode=smart_quarterly');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: 'festival',
      kind: 'percent_off',
      firstPeriodPrice: { amountMinor: 54_000, currency: 'INR', formatted: '₹540' },
      disclosure: '40% off for the first 6 months: ₹540 every 3 months, then ₹900 every 3 months. Renews automatically; cancel anytime.',
    });
  });

  it('refuses with the codes of GET /v1/offers/{promotionCode}, the same as that route, and writes nothing', async () => {
    const before = await counts();
    const refusal = async (code: string, query: string) => {
      const res = await same(code, query);
      return [res.status, res.body.code];
    };
    expect(await refusal('NOSUCH', 'planCode=smart_quarterly')).toEqual([404, 'OFFER_NOT_FOUND']);
    expect(await refusal('SUMMER', 'planCode=smart_quarterly')).toEqual([404, 'OFFER_NOT_FOUND']);
    expect(await refusal('FESTIVE40', 'planCode=smart_essential')).toEqual([409, 'OFFER_NOT_FOR_PLAN']);
    t.clock.set('2027-07-02T00:00:00Z');
    expect(await refusal('SUMMER', 'planCode=smart_quarterly')).toEqual([409, 'OFFER_EXPIRED']);
    t.clock.reset();
    await t.dataSource.query(
      `INSERT INTO offer_redemptions (offer_id, user_id, status, stripe_subscription_id) SELECT id, 'someone', 'redeemed', 'sub_x' FROM offers WHERE code = 'one_only'`,
    );
    expect(await refusal('ONEONLY', 'planCode=smart_quarterly')).toEqual([409, 'OFFER_EXHAUSTED']);
    expect(await counts()).toEqual({ ...before, redemptions: before.redemptions + 1 });
  });

  it('refuses a malformed code, plan or any reader named by the page (400)', async () => {
    const bad = async (code: string, query: string) => {
      const res = await demoLookup(code, query);
      return [res.status, res.body.code, [...new Set(res.body.details.map((d: { field: string }) => d.field))]];
    };
    expect(await bad('festive40', 'planCode=smart_quarterly')).toEqual([400, 'VALIDATION_FAILED', ['promotionCode']]);
    expect(await bad('FESTIVE40', 'planCode=Smart')).toEqual([400, 'VALIDATION_FAILED', ['planCode']]);
    expect(await bad('FESTIVE40', '')).toEqual([400, 'VALIDATION_FAILED', ['planCode']]);
    // The route acts for the demo user only.
    expect(await bad('FESTIVE40', 'planCode=smart_quarterly&userId=auth0|x')).toEqual([400, 'VALIDATION_FAILED', ['userId']]);
  });

  it('the demo Checkout carries a promotion code or an automatic offer to Stripe, and refuses a bad one with its code', async () => {
    const demoCheckout = (body: Record<string, unknown>) => t.http.post('/v1/demo/checkout-sessions').send(body);
    const lastCreate = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!.params;

    const refused = await demoCheckout({ planCode: 'smart_essential', promotionCode: 'FESTIVE40' });
    expect([refused.status, refused.body.code]).toEqual([409, 'OFFER_NOT_FOR_PLAN']);
    const unknown = await demoCheckout({ planCode: 'smart_quarterly', promotionCode: 'NOSUCH' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'OFFER_NOT_FOUND']);
    const both = await demoCheckout({ planCode: 'smart_quarterly', promotionCode: 'FESTIVE40', offerCode: 'festival' });
    expect([both.status, both.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const reader = await demoCheckout({ planCode: 'smart_quarterly', promotionCode: 'FESTIVE40', userId: 'auth0|x' });
    expect([reader.status, reader.body.details[0].field]).toEqual([400, 'userId']);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM offer_redemptions WHERE status = 'reserved'`)).toEqual([{ n: 0 }]);

    await demoCheckout({ planCode: 'smart_quarterly', promotionCode: 'FESTIVE40' }).expect(201);
    const withCode = lastCreate();
    expect(withCode).toMatchObject({ client_reference_id: 'demo-reader', subscription_data: { metadata: { offer_code: 'festival' } } });
    expect(withCode.discounts).toEqual([{ coupon: expect.stringMatching(/^tg_festival/) }]);
    expect(withCode.success_url).toMatch(/\/paywall\?checkout=success$/);

    await demoCheckout({ planCode: 'smart_essential', offerCode: 'try14' }).expect(201);
    expect(lastCreate().subscription_data).toMatchObject({ trial_period_days: '14', metadata: { offer_code: 'try14', user_id: 'demo-reader' } });
    expect(
      await t.dataSource.query(`SELECT count(*)::int AS n FROM offer_redemptions WHERE status = 'reserved' AND user_id = 'demo-reader'`),
    ).toEqual([{ n: 2 }]);
  });

  it('a past subscriber is refused a first-time-only code on both routes', async () => {
    await t.dataSource.query(
      `INSERT INTO subscriptions (stripe_subscription_id, user_id, stripe_customer_id, status) VALUES ('sub_past_demo', 'demo-reader', 'cus_past_demo', 'canceled')`,
    );
    const res = await same('FESTIVE40', 'planCode=smart_quarterly');
    expect([res.status, res.body.code]).toEqual([409, 'OFFER_FIRST_TIME_ONLY']);
  });
});
