import { CHECKOUT_URLS, checkout, deliverAll, deliverPending, useStripeTestApp } from '../support/stripe-webhooks';
import { Metrics1765000000600 } from '../../migrations/1765000000600-Metrics';
import type { FakeStripe } from '../support/fake-stripe';
import type { TestApp } from '../support/test-app';

/**
 * Issue 15 point 4: subscription metrics and the paywall funnel, from lifecycles driven through the fake Stripe and from
 * access decisions, across two meter months (Asia/Kolkata). Every figure is exact; a webhook delivered in December for
 * a Checkout completed in November counts in December and leaves November's figures as they were.
 */
describe('metrics', () => {
  const ctx = useStripeTestApp();
  let t: TestApp;
  let fake: FakeStripe;
  let admin: string;
  let paywall: string;
  beforeAll(() => {
    ({ t, fake } = ctx);
    admin = t.bearer(t.adminKey);
    paywall = t.bearer(t.paywallKey);
  });

  /** The app's clock and the fake Stripe's, at one instant. */
  const at = (iso: string) => {
    t.clock.set(iso);
    fake.setNow(Math.floor(Date.parse(iso) / 1000));
  };
  const get = (path: string) => t.http.get(`/v1/admin/metrics/${path}`).set('Authorization', admin);
  const ok = async (path: string) => (await get(path).expect(200)).body;
  const decide = (body: Record<string, unknown>) => t.http.post('/v1/access/decisions').set('Authorization', paywall).send(body).expect(200);
  const read = async (viewerId: string, articleId: string, extra: Record<string, unknown> = {}) =>
    (await decide({ viewerId, articleId, access: 'metered', ...extra })).body.wall as string;
  const withOffer = async (userId: string, planCode: string, offerCode: string) => {
    const res = await t.http
      .post(`/v1/users/${userId}/checkout-sessions`)
      .set('Authorization', paywall)
      .send({ planCode, offerCode, ...CHECKOUT_URLS })
      .expect(201);
    return fake.completeCheckout(res.body.id).subscription.id as string;
  };
  const subscriptionId = async (userId: string) =>
    (await t.http.get(`/v1/users/${userId}/subscription`).set('Authorization', paywall).expect(200)).body.subscription.stripeSubscriptionId as string;
  const inr = (amountMinor: number, formatted: string) => ({ amountMinor, currency: 'INR', formatted });

  const NOV_END = '2026-11-30T18:29:59.999Z'; // 23:59:59.999 IST on 30 November
  const NOVEMBER = {
    at: NOV_END,
    activeSubscribers: 5,
    byPlan: [
      { planCode: 'smart_essential', active: 1, trialing: 0, pastDue: 0, cancelPending: 0 },
      { planCode: 'smart_quarterly', active: 3, trialing: 0, pastDue: 0, cancelPending: 0 },
      { planCode: 'super_saver', active: 0, trialing: 1, pastDue: 0, cancelPending: 0 },
    ],
    // ₹900 ÷ 3 + ₹2,700 ÷ 12 + ₹900 × 90% ÷ 3 + ₹1 ÷ 3 (floored: 33 paise); the trial adds nothing.
    mrr: inr(30_000 + 22_500 + 27_000 + 33, '₹795'),
    arpu: inr(19_883, '₹198'),
    newThisMonth: 5,
    churnedThisMonth: 0,
    churnRatePercent: 0,
  };
  const NOVEMBER_PAYWALL = {
    viewers: 6,
    registrationWalls: 1,
    subscriptionWalls: 2,
    checkoutsStarted: 7,
    subscriptionsStarted: 5,
    conversionPercent: 83.33,
  };
  const series = async (metric: string) => (await ok(`timeseries?metric=${metric}&from=2026-10&to=2026-11`)).points;

  it('November: five subscriptions through Checkout (10% off, a trial, ₹1 for the first quarter), an unpaid one, and the walls met', async () => {
    at('2026-11-10T06:00:00.000Z');
    await t.http.patch('/v1/admin/settings').set('Authorization', admin).send({ freeArticleLimit: 2, anonymousArticleLimit: 1 }).expect(200);
    const offer = (body: Record<string, unknown>) => t.http.post('/v1/admin/offers').set('Authorization', admin).send(body).expect(201);
    await offer({ code: 'tenoff', name: '10% off', kind: 'percent_off', percentOff: 10, planCodes: ['smart_quarterly'] });
    await offer({ code: 'try14', name: '14 days free', kind: 'trial', trialDays: 14, planCodes: ['super_saver'] });
    await offer({
      code: 'one_rupee',
      name: '₹1 a quarter',
      kind: 'intro_price',
      introPriceMinor: 100,
      introPeriods: 1,
      planCodes: ['smart_quarterly'],
    });

    await checkout(t, fake, 'u_a', { planCode: 'smart_quarterly' });
    await checkout(t, fake, 'u_b', { planCode: 'smart_essential' });
    await withOffer('u_c', 'smart_quarterly', 'tenoff');
    await withOffer('u_d', 'super_saver', 'try14');
    await withOffer('u_g', 'smart_quarterly', 'one_rupee');
    await checkout(t, fake, 'u_e', { planCode: 'smart_quarterly', pay: false });
    await deliverPending(t, fake);

    // Walls: v1 meets the registration wall three times (one viewer); v3's device signs in as u_x, whose meter is then
    // past freeArticleLimit (subscription wall); v4 is refused a premium story (subscription wall, no read counted).
    expect(await read('v1', 'a1')).toBe('none');
    expect(await read('v1', 'a2')).toBe('registration');
    expect(await read('v1', 'a3')).toBe('registration');
    expect(await read('v2', 'a1')).toBe('none');
    expect(await read('v3', 'a1')).toBe('none');
    expect(await read('v3', 'a2', { userId: 'u_x' })).toBe('none');
    expect(await read('v3', 'a3', { userId: 'u_x' })).toBe('subscription');
    expect(await read('v3', 'a4', { userId: 'u_x' })).toBe('subscription');
    expect((await decide({ viewerId: 'v4', articleId: 'p1', access: 'premium' })).body.wall).toBe('subscription');
    expect(await read('v5', 'a1')).toBe('none');
    expect(await read('v6', 'a9')).toBe('none');
    expect((await decide({ viewerId: 'v6', articleId: 'f1', access: 'free' })).body.wall).toBe('none');

    // A wall is stamped once per viewer and month: the later meetings wrote nothing.
    at('2026-11-12T06:00:00.000Z');
    expect(await read('v1', 'a4')).toBe('registration');
    const [stamp] = await t.dataSource.query(`SELECT registration_wall_at FROM meter_counters WHERE viewer_id = 'v1'`);
    expect(new Date(stamp.registration_wall_at).toISOString()).toBe('2026-11-10T06:00:00.000Z');

    // Late: u_f pays at Checkout on 25 November, but Stripe's webhooks reach Tollgate only in December.
    at('2026-11-25T06:00:00.000Z');
    await checkout(t, fake, 'u_f', { planCode: 'smart_quarterly' });
  });

  let late: Record<string, unknown>[];
  it('November as reported at its end', async () => {
    late = fake.takeEvents();
    at('2026-11-30T18:00:00.000Z');
    expect(await ok(`summary?at=${NOV_END}`)).toEqual(NOVEMBER);
    expect(await ok('summary')).toEqual({ ...NOVEMBER, at: '2026-11-30T18:00:00.000Z' });
    expect(await ok('paywall?month=2026-11')).toEqual(NOVEMBER_PAYWALL);
    expect(await ok('paywall')).toEqual(NOVEMBER_PAYWALL);
  });

  it('December: the late webhook, a pending cancellation, one ended, a trial converted; November unchanged', async () => {
    at('2026-12-05T06:00:00.000Z');
    await deliverAll(t, fake, late);
    fake.setCancelAtPeriodEnd(await subscriptionId('u_a'));
    const b = await subscriptionId('u_b');
    fake.setCancelAtPeriodEnd(b);
    fake.endPeriod(b);
    fake.endTrial(await subscriptionId('u_d'));
    await deliverPending(t, fake);
    expect(await read('v1', 'a1')).toBe('none');
    expect(await read('v1', 'a2')).toBe('registration');

    expect(await ok(`summary?at=${NOV_END}`)).toEqual(NOVEMBER);
    expect(await ok('paywall?month=2026-11')).toEqual(NOVEMBER_PAYWALL);
    expect(await ok('summary')).toEqual({
      at: '2026-12-05T06:00:00.000Z',
      activeSubscribers: 5,
      byPlan: [
        { planCode: 'smart_quarterly', active: 4, trialing: 0, pastDue: 0, cancelPending: 1 },
        { planCode: 'super_saver', active: 1, trialing: 0, pastDue: 0, cancelPending: 0 },
      ],
      // u_a and u_f ₹300, u_c ₹270, u_d ₹3,900 ÷ 24 = ₹162.50, u_g still on its ₹1 quarter.
      mrr: inr(30_000 + 30_000 + 27_000 + 16_250 + 33, '₹1,032'),
      arpu: inr(20_656, '₹206'),
      newThisMonth: 1,
      churnedThisMonth: 1,
      // 1 of the 5 subscribers at December's start.
      churnRatePercent: 20,
    });
    expect(await ok('paywall?month=2026-12')).toEqual({
      viewers: 1,
      registrationWalls: 1,
      subscriptionWalls: 0,
      checkoutsStarted: 0,
      subscriptionsStarted: 1,
      conversionPercent: 100,
    });
  });

  it('timeseries: one point per month, mrr as Money and the rest as integers; 12 months by default', async () => {
    const points = async (metric: string) => (await ok(`timeseries?metric=${metric}&from=2026-10&to=2026-12`)).points;
    expect(await ok('timeseries?metric=mrr&from=2026-10&to=2026-12')).toEqual({
      metric: 'mrr',
      from: '2026-10',
      to: '2026-12',
      points: [
        { month: '2026-10', value: inr(0, '₹0') },
        { month: '2026-11', value: inr(79_533, '₹795') },
        { month: '2026-12', value: inr(103_283, '₹1,032') },
      ],
    });
    const values = async (metric: string) => (await points(metric)).map((p: { value: number }) => p.value);
    expect(await values('active')).toEqual([0, 5, 5]);
    expect(await values('new')).toEqual([0, 5, 1]);
    expect(await values('churned')).toEqual([0, 0, 1]);
    expect(await series('active')).toEqual([
      { month: '2026-10', value: 0 },
      { month: '2026-11', value: 5 },
    ]);
    const year = await ok('timeseries?metric=new');
    expect([year.from, year.to, year.points.length]).toEqual(['2026-01', '2026-12', 12]);
  });

  it.each([
    ['summary?at=yesterday', 'VALIDATION_FAILED'],
    ['summary?at=2026-11-30', 'VALIDATION_FAILED'],
    ['summary?at=2026-11-30T10:00:00', 'VALIDATION_FAILED'],
    ['timeseries', 'VALIDATION_FAILED'],
    ['timeseries?metric=revenue', 'VALIDATION_FAILED'],
    ['timeseries?metric=mrr&from=2026-13', 'VALIDATION_FAILED'],
    ['timeseries?metric=mrr&to=26-11', 'VALIDATION_FAILED'],
    ['timeseries?metric=mrr&from=2026-12&to=2026-11', 'METRICS_RANGE_INVALID'],
    ['timeseries?metric=mrr&from=2010-01&to=2026-12', 'METRICS_RANGE_INVALID'],
    ['timeseries?metric=mrr&to=2027-01', 'METRICS_RANGE_INVALID'],
    ['paywall?month=2026-1', 'VALIDATION_FAILED'],
    ['paywall?month=2027-01', 'METRICS_RANGE_INVALID'],
    ['paywall?month=2026-11&extra=1', 'VALIDATION_FAILED'],
  ])('%s → 400 %s', async (path, code) => {
    const res = await get(path).expect(400);
    expect(res.body.code).toBe(code);
  });

  it('the migration seeds the history with the subscriptions already stored: the figures of now are the same', async () => {
    const now = await ok('summary');
    const migration = new Metrics1765000000600();
    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    // One row per subscription (u_e never paid: incomplete), each as from its creation.
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM subscription_history'))[0].n).toBe(7);
    const { newThisMonth, churnedThisMonth, churnRatePercent, ...figures } = await ok('summary');
    const { newThisMonth: n, churnedThisMonth: c, churnRatePercent: r, ...before } = now;
    expect(figures).toEqual(before);
    expect([newThisMonth, churnedThisMonth, churnRatePercent, n, c, r]).toEqual([0, 0, 0, 1, 1, 20]);
  });

  it('the console draws them with Chart.js, served by the service from node_modules (only listed files)', async () => {
    const res = await t.http.get('/vendor/chart.js').expect(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.text).toContain('Chart.js v4');
    await t.http.get('/vendor/chart.umd.min.js').expect(404);
    await t.http.get('/vendor/api.js').expect(404);
  });

  it('is for admin keys only', async () => {
    expect((await t.http.get('/v1/admin/metrics/summary').expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await t.http.get('/v1/admin/metrics/paywall').set('Authorization', paywall).expect(403)).body.code).toBe('FORBIDDEN');
  });
});
