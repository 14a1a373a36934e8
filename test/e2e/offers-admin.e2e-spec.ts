import fc from 'fast-check';
import { offerBodies } from '../support/offer-bodies';
import { startTestApp, type TestApp } from '../support/test-app';

describe('offers: the admin API, the catalog and promotion codes (no Stripe)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
  });
  afterAll(() => t?.close());
  afterEach(() => t.clock.reset());

  const admin = () => t.bearer(t.adminKey);
  const create = (body: Record<string, unknown>) => t.http.post('/v1/admin/offers').set('Authorization', admin()).send(body);
  const counts = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM offers) AS offers, (SELECT count(*)::int FROM offer_plans) AS links,
              (SELECT count(*)::int FROM audit_log WHERE entity_type = 'offer') AS audits`,
    );
    return row;
  };
  const plans = async () => (await t.http.get('/v1/plans').expect(200)).body.plans as Record<string, any>[];
  const planOffers = async (code: string) => (await plans()).find((p) => p.code === code)!.offers;

  it('creates a trial, an introductory price and a percentage offer, audited, each shown on its plans with its disclosure', async () => {
    const trial = await create({ code: 'try14', name: '14 days free', kind: 'trial', trialDays: 14, planCodes: ['smart_essential'] }).expect(201);
    expect(trial.body).toMatchObject({
      code: 'try14',
      kind: 'trial',
      planCodes: ['smart_essential'],
      trialDays: 14,
      firstTimeOnly: true,
      redemption: 'signup',
      status: 'active',
      redemptions: 0,
      previews: [{ planCode: 'smart_essential', disclosure: 'Free for 14 days, then ₹2,700 every year. Renews automatically; cancel anytime.' }],
    });
    await create({
      code: 'one_rupee',
      name: '₹1 first quarter',
      kind: 'intro_price',
      introPriceMinor: 100,
      introPeriods: 1,
      planCodes: ['smart_quarterly'],
    }).expect(201);
    await create({ code: 'half_saver', name: 'Half off', kind: 'percent_off', percentOff: 50, introPeriods: 1, planCodes: ['super_saver'] }).expect(
      201,
    );

    expect(await planOffers('smart_quarterly')).toEqual([
      {
        code: 'one_rupee',
        name: '₹1 first quarter',
        kind: 'intro_price',
        introPrice: { amountMinor: 100, currency: 'INR', formatted: '₹1' },
        introPeriods: 1,
        firstPeriodPrice: { amountMinor: 100, currency: 'INR', formatted: '₹1' },
        disclosure: '₹1 for the first 3 months, then ₹900 every 3 months. Renews automatically; cancel anytime.',
      },
    ]);
    expect(await planOffers('smart_essential')).toEqual([
      {
        code: 'try14',
        name: '14 days free',
        kind: 'trial',
        trialDays: 14,
        firstPeriodPrice: { amountMinor: 0, currency: 'INR', formatted: '₹0' },
        disclosure: 'Free for 14 days, then ₹2,700 every year. Renews automatically; cancel anytime.',
      },
    ]);
    expect((await planOffers('super_saver'))[0]).toMatchObject({
      percentOff: 50,
      firstPeriodPrice: { amountMinor: 195_000, formatted: '₹1,950' },
      disclosure: '50% off for the first 2 years: ₹1,950, then ₹3,900 every 2 years. Renews automatically; cancel anytime.',
    });
    const audit = await t.dataSource.query(`SELECT action, entity_id, after FROM audit_log WHERE entity_type = 'offer' ORDER BY seq`);
    expect(audit.map((a: { action: string; entity_id: string }) => [a.action, a.entity_id])).toEqual([
      ['offer.create', 'try14'],
      ['offer.create', 'one_rupee'],
      ['offer.create', 'half_saver'],
    ]);
    expect(audit[1].after).toMatchObject({ kind: 'intro_price', introPriceMinor: 100, planCodes: ['smart_quarterly'] });
  });

  it.each([
    ['an intro price not below the price', { kind: 'intro_price', introPriceMinor: 90_000, introPeriods: 1 }, 400, 'INTRO_PRICE_NOT_BELOW_PRICE'],
    ['trialDays on a percent_off', { kind: 'percent_off', percentOff: 10, trialDays: 7 }, 400, 'OFFER_TERMS_INVALID'],
    ['a trial without days', { kind: 'trial' }, 400, 'OFFER_TERMS_INVALID'],
    ['an intro price without periods', { kind: 'intro_price', introPriceMinor: 100 }, 400, 'OFFER_TERMS_INVALID'],
    ['a retention trial', { kind: 'trial', trialDays: 7, redemption: 'retention' }, 400, 'OFFER_TERMS_INVALID'],
    [
      'endsAt before startsAt',
      { kind: 'trial', trialDays: 7, startsAt: '2027-01-10T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' },
      400,
      'OFFER_DATES_INVALID',
    ],
    ['an unknown plan', { kind: 'trial', trialDays: 7, planCodes: ['no_such_plan'] }, 400, 'UNKNOWN_PLAN'],
    ['a trial of 91 days', { kind: 'trial', trialDays: 91 }, 400, 'VALIDATION_FAILED'],
    ['a lowercase promotion code', { kind: 'trial', trialDays: 7, promotionCode: 'diwali50' }, 400, 'VALIDATION_FAILED'],
    ['an unknown field', { kind: 'trial', trialDays: 7, price: 1 }, 400, 'VALIDATION_FAILED'],
    ['a duplicate code', { code: 'try14', kind: 'trial', trialDays: 7 }, 409, 'OFFER_CODE_TAKEN'],
  ])('refuses %s, and writes nothing', async (_name, body, status, code) => {
    const before = await counts();
    const res = await create({ code: 'bad_offer', name: 'Bad', planCodes: ['smart_quarterly'], ...body });
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect(await counts()).toEqual(before);
  });

  it('refuses an archived plan, and a promotion code used by a live offer (409), then frees the code when that offer is archived', async () => {
    const before = await counts();
    await t.http
      .post('/v1/admin/plans')
      .set('Authorization', admin())
      .send({
        code: 'old_plan',
        name: 'Old',
        intervalMonths: 1,
        price: { amountMinor: 10_000, currency: 'INR' },
        benefitCodes: [],
        status: 'active',
      });
    await t.http.post('/v1/admin/plans/old_plan/archive').set('Authorization', admin()).expect(200);
    const archived = await create({ code: 'on_old', name: 'Old', kind: 'trial', trialDays: 7, planCodes: ['old_plan'] });
    expect([archived.status, archived.body.code]).toEqual([400, 'PLAN_NOT_ACTIVE']);
    expect(await counts()).toEqual(before);

    await create({
      code: 'diwali',
      name: 'Diwali',
      kind: 'percent_off',
      percentOff: 50,
      introPeriods: 1,
      promotionCode: 'DIWALI50',
      planCodes: ['smart_quarterly'],
    }).expect(201);
    const taken = await create({
      code: 'diwali_two',
      name: 'Diwali',
      kind: 'percent_off',
      percentOff: 40,
      promotionCode: 'DIWALI50',
      planCodes: ['smart_quarterly'],
    });
    expect([taken.status, taken.body.code]).toEqual([409, 'PROMOTION_CODE_TAKEN']);
    // A code offer is not automatic: it is not shown on the plan card.
    expect((await planOffers('smart_quarterly')).map((o: { code: string }) => o.code)).toEqual(['one_rupee']);

    await t.http.post('/v1/admin/offers/diwali/archive').set('Authorization', admin()).expect(200);
    await create({
      code: 'diwali_two',
      name: 'Diwali again',
      kind: 'percent_off',
      percentOff: 40,
      promotionCode: 'DIWALI50',
      planCodes: ['smart_quarterly'],
    }).expect(201);
  });

  it('validates a promotion code for a plan: the view with its disclosure, or 404/409 with the codes of API.md', async () => {
    const paywall = t.bearer(t.paywallKey);
    const lookup = (code: string, query: string) => t.http.get(`/v1/offers/${code}?${query}`).set('Authorization', paywall);
    const ok = await lookup('DIWALI50', 'planCode=smart_quarterly&userId=auth0|new').expect(200);
    expect(ok.body).toMatchObject({
      code: 'diwali_two',
      percentOff: 40,
      firstPeriodPrice: { amountMinor: 54_000 },
      disclosure:
        '40% off ₹900 every 3 months for as long as you stay subscribed: you pay ₹540 every 3 months. Renews automatically; cancel anytime.',
    });
    const refusal = async (code: string, query: string) => {
      const res = await lookup(code, query);
      return [res.status, res.body.code];
    };
    expect(await refusal('NOSUCH', 'planCode=smart_quarterly')).toEqual([404, 'OFFER_NOT_FOUND']);
    expect(await refusal('DIWALI50', 'planCode=super_saver')).toEqual([409, 'OFFER_NOT_FOR_PLAN']);
    expect(await refusal('diwali50', 'planCode=smart_quarterly')).toEqual([400, 'VALIDATION_FAILED']);
    expect(await refusal('DIWALI50', 'planCode=smart_quarterly&userId=bad%20id')).toEqual([400, 'VALIDATION_FAILED']);

    await create({
      code: 'later',
      name: 'Later',
      kind: 'trial',
      trialDays: 7,
      promotionCode: 'LATER',
      startsAt: '2027-06-01T00:00:00Z',
      endsAt: '2027-07-01T00:00:00Z',
      planCodes: ['smart_quarterly'],
    }).expect(201);
    expect(await refusal('LATER', 'planCode=smart_quarterly')).toEqual([404, 'OFFER_NOT_FOUND']);
    t.clock.set('2027-06-15T00:00:00Z');
    expect((await lookup('LATER', 'planCode=smart_quarterly')).status).toBe(200);
    t.clock.set('2027-07-01T00:00:00Z');
    expect(await refusal('LATER', 'planCode=smart_quarterly')).toEqual([409, 'OFFER_EXPIRED']);
    t.clock.reset();

    // A past subscriber may not take a first-time-only offer; an offer open to all they may.
    await t.dataSource.query(
      `INSERT INTO subscriptions (stripe_subscription_id, user_id, stripe_customer_id, status) VALUES ('sub_past', 'reader@example.com', 'cus_past', 'canceled')`,
    );
    expect(await refusal('DIWALI50', 'planCode=smart_quarterly&userId=reader@example.com')).toEqual([409, 'OFFER_FIRST_TIME_ONLY']);
    await create({
      code: 'all_welcome',
      name: 'All',
      kind: 'trial',
      trialDays: 3,
      promotionCode: 'WELCOME',
      firstTimeOnly: false,
      planCodes: ['smart_quarterly'],
    }).expect(201);
    expect((await lookup('WELCOME', 'planCode=smart_quarterly&userId=reader@example.com')).status).toBe(200);

    await t.http.patch('/v1/admin/offers/all_welcome').set('Authorization', admin()).send({ maxRedemptions: 1 }).expect(200);
    await t.dataSource.query(
      `INSERT INTO offer_redemptions (offer_id, user_id, status, stripe_subscription_id) SELECT id, 'someone', 'redeemed', 'sub_x' FROM offers WHERE code = 'all_welcome'`,
    );
    expect(await refusal('WELCOME', 'planCode=smart_quarterly')).toEqual([409, 'OFFER_EXHAUSTED']);
    await t.dataSource.query(
      `INSERT INTO offer_redemptions (offer_id, user_id, status, stripe_subscription_id) SELECT id, 'another', 'redeemed', 'sub_y' FROM offers WHERE code = 'all_welcome'`,
    );
    const below = await t.http.patch('/v1/admin/offers/all_welcome').set('Authorization', admin()).send({ maxRedemptions: 1, name: 'x' });
    expect([below.status, below.body.code]).toEqual([400, 'MAX_REDEMPTIONS_BELOW_USED']);
    expect((await t.http.patch('/v1/admin/offers/all_welcome').set('Authorization', admin()).send({ maxRedemptions: 2, name: 'x' })).status).toBe(
      200,
    );
    expect((await t.http.get('/v1/admin/offers/all_welcome').set('Authorization', admin()).expect(200)).body).toMatchObject({
      redemptions: 2,
      maxRedemptions: 2,
      name: 'x',
    });
  });

  it('moves the ETag of GET /v1/plans when an offer is created, changes, starts and ends', async () => {
    const etag = async () => (await t.http.get('/v1/plans').expect(200)).headers.etag as string;
    const e0 = await etag();
    await create({
      code: 'weekend',
      name: 'Weekend',
      kind: 'trial',
      trialDays: 2,
      startsAt: '2027-02-06T00:00:00Z',
      endsAt: '2027-02-08T00:00:00Z',
      planCodes: ['smart_quarterly'],
    }).expect(201);
    // Created, not started: the body is the same, so is the ETag.
    expect(await etag()).toBe(e0);
    t.clock.set('2027-02-06T00:00:00Z');
    const started = await etag();
    expect(started).not.toBe(e0);
    expect((await planOffers('smart_quarterly')).map((o: { code: string }) => o.code)).toContain('weekend');
    await t.http.patch('/v1/admin/offers/weekend').set('Authorization', admin()).send({ name: 'Long weekend' }).expect(200);
    const renamed = await etag();
    expect(renamed).not.toBe(started);
    t.clock.set('2027-02-08T00:00:00Z');
    expect(await etag()).toBe(e0);
  });

  it('edits only name, end, limit and status; terms are not patchable; archive is idempotent', async () => {
    const patch = (code: string, body: Record<string, unknown>) => t.http.patch(`/v1/admin/offers/${code}`).set('Authorization', admin()).send(body);
    expect((await patch('one_rupee', { introPriceMinor: 50 })).body.code).toBe('VALIDATION_FAILED');
    expect((await patch('one_rupee', { endsAt: '2020-01-01T00:00:00Z' })).status).toBe(200);
    expect((await planOffers('smart_quarterly')).map((o: { code: string }) => o.code)).not.toContain('one_rupee');
    expect((await patch('one_rupee', { endsAt: null })).body.endsAt).toBeNull();
    expect((await patch('no_such', { name: 'x' })).body.code).toBe('OFFER_NOT_FOUND');
    const first = await t.http.post('/v1/admin/offers/one_rupee/archive').set('Authorization', admin()).expect(200);
    expect(first.body.status).toBe('archived');
    const audits = (await counts()).audits;
    await t.http.post('/v1/admin/offers/one_rupee/archive').set('Authorization', admin()).expect(200);
    expect((await counts()).audits).toBe(audits);
    expect((await patch('one_rupee', { status: 'active' })).body.code).toBe('OFFER_EXPIRED');
    const list = (await t.http.get('/v1/admin/offers').set('Authorization', admin()).expect(200)).body.offers;
    expect(list.find((o: { code: string }) => o.code === 'one_rupee').status).toBe('archived');
  });

  it('answers Checkout with an offer 503 STRIPE_NOT_CONFIGURED, as without one, and stores nothing', async () => {
    const res = await t.http
      .post('/v1/users/u1/checkout-sessions')
      .set('Authorization', t.bearer(t.paywallKey))
      .send({ planCode: 'smart_essential', offerCode: 'try14', successUrl: 'https://x.example/ok', cancelUrl: 'https://x.example/no' });
    expect([res.status, res.body.code]).toEqual([503, 'STRIPE_NOT_CONFIGURED']);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM offer_redemptions WHERE status = 'reserved'`)).toEqual([{ n: 0 }]);
  });

  it('answers any generated offer body with a 201 or a 4xx of a stable code, and a refusal writes nothing', async () => {
    const CODES = new Set([
      'VALIDATION_FAILED',
      'OFFER_TERMS_INVALID',
      'INTRO_PRICE_NOT_BELOW_PRICE',
      'OFFER_DATES_INVALID',
      'UNKNOWN_PLAN',
      'OFFER_CODE_TAKEN',
      'PROMOTION_CODE_TAKEN',
      'CURRENCY_MISMATCH',
    ]);
    const body = offerBodies({ code: 'try14', promotionCode: 'DIWALI50' });
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await counts();
        const res = await create(b);
        if (res.status === 201) {
          await t.dataSource.query(`DELETE FROM offers WHERE code = $1`, [b.code]);
          return;
        }
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(CODES).toContain(res.body.code);
        expect(await counts()).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });
});
