import fc from 'fast-check';
import { offerBodies } from '../support/offer-bodies';
import { startTestApp, type TestApp } from '../support/test-app';

/** POST /v1/admin/offers/preview: the create body, checked as create checks it, answered with the disclosures; never written. */
describe('offers: the admin preview of an offer (nothing written)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    // What the refusals need: an offer holding a code and a promotion code, an archived plan, a plan in dollars.
    await create({ code: 'taken', name: 'Taken', kind: 'trial', trialDays: 3, promotionCode: 'TAKEN1', planCodes: ['smart_quarterly'] }).expect(201);
    const plan = (code: string, currency: string) =>
      t.http
        .post('/v1/admin/plans')
        .set('Authorization', admin())
        .send({ code, name: code, intervalMonths: 1, price: { amountMinor: 10_000, currency }, benefitCodes: [], status: 'active' })
        .expect(201);
    await plan('old_plan', 'INR');
    await t.http.post('/v1/admin/plans/old_plan/archive').set('Authorization', admin()).expect(200);
    await plan('usd_plan', 'USD');
  });
  afterAll(() => t?.close());

  const admin = () => t.bearer(t.adminKey);
  const create = (body: Record<string, unknown>) => t.http.post('/v1/admin/offers').set('Authorization', admin()).send(body);
  const preview = (body: Record<string, unknown>) => t.http.post('/v1/admin/offers/preview').set('Authorization', admin()).send(body);
  /** Every table an offer write could touch, the audit log in full. */
  const counts = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM offers) AS offers, (SELECT count(*)::int FROM offer_plans) AS links,
              (SELECT count(*)::int FROM offer_redemptions) AS redemptions, (SELECT count(*)::int FROM audit_log) AS audits`,
    );
    return row;
  };
  /** Status, code and field of an answer: what preview and create must agree on. */
  const outcome = (res: { status: number; body: { code?: string; details?: { field?: string }[] } }) => ({
    status: res.status,
    code: res.status < 300 ? null : res.body.code,
    fields: res.status < 300 ? [] : (res.body.details ?? []).map((d) => d.field),
  });

  const PLAN_ORDER = ['smart_quarterly', 'smart_essential', 'super_saver'];
  const VALID: [string, Record<string, unknown>][] = [
    ['a trial', { kind: 'trial', trialDays: 14, planCodes: ['smart_essential'] }],
    ['₹1 for the first quarter', { kind: 'intro_price', introPriceMinor: 100, introPeriods: 1, planCodes: ['smart_quarterly'] }],
    [
      'an intro price on two plans, with a promotion code and dates',
      {
        kind: 'intro_price',
        introPriceMinor: 49_950,
        introPeriods: 2,
        planCodes: ['super_saver', 'smart_quarterly'],
        promotionCode: 'HALFWAY',
        startsAt: '2027-01-01T00:00:00Z',
        endsAt: '2027-02-01T00:00:00+05:30',
        maxRedemptions: 10,
        firstTimeOnly: false,
      },
    ],
    ['half off forever', { kind: 'percent_off', percentOff: 50, planCodes: ['smart_quarterly', 'smart_essential', 'super_saver'] }],
    ['a retention discount', { kind: 'percent_off', percentOff: 20, introPeriods: 3, redemption: 'retention', planCodes: ['smart_essential'] }],
  ];

  afterEach(() => t.dataSource.query(`DELETE FROM offers WHERE code = 'previewed'`));

  it.each(VALID)('previews %s with the disclosures the created offer then shows, writing nothing', async (_name, terms) => {
    const body = { code: 'previewed', name: 'Previewed', ...terms };
    const before = await counts();
    const res = await preview(body).expect(200);
    expect(await counts()).toEqual(before);
    // One per plan, in the catalog's order.
    expect(res.body.previews.map((p: { planCode: string }) => p.planCode)).toEqual(
      PLAN_ORDER.filter((c) => (terms.planCodes as string[]).includes(c)),
    );
    for (const p of res.body.previews) expect(p.disclosure).toMatch(/ every .*Renews automatically; cancel anytime\.$/);

    const created = await create(body).expect(201);
    expect(res.body).toEqual({ previews: created.body.previews });
  });

  it('shows the first-period price and the disclosure on each plan', async () => {
    const oneRupee = VALID.find(([name]) => name === '₹1 for the first quarter')![1];
    const res = await preview({ code: 'one_rupee', name: '₹1 first quarter', ...oneRupee }).expect(200);
    const [view, ...more] = res.body.previews;
    expect(more).toEqual([]);
    expect(view).toMatchObject({ planCode: 'smart_quarterly', code: 'one_rupee', introPrice: { amountMinor: 100, formatted: '₹1' } });
    expect([view.firstPeriodPrice, view.disclosure]).toEqual([
      { amountMinor: 100, currency: 'INR', formatted: '₹1' },
      '₹1 for the first 3 months, then ₹900 every 3 months. Renews automatically; cancel anytime.',
    ]);
  });

  it.each([
    [
      'an intro price not below the price',
      { kind: 'intro_price', introPriceMinor: 90_000, introPeriods: 1 },
      400,
      'INTRO_PRICE_NOT_BELOW_PRICE',
      'introPriceMinor',
    ],
    ['trialDays on a percent_off', { kind: 'percent_off', percentOff: 10, trialDays: 7 }, 400, 'OFFER_TERMS_INVALID', 'trialDays'],
    ['a trial without days', { kind: 'trial' }, 400, 'OFFER_TERMS_INVALID', 'trialDays'],
    ['an intro price without periods', { kind: 'intro_price', introPriceMinor: 100 }, 400, 'OFFER_TERMS_INVALID', 'introPeriods'],
    ['a retention trial', { kind: 'trial', trialDays: 7, redemption: 'retention' }, 400, 'OFFER_TERMS_INVALID', 'kind'],
    [
      'endsAt before startsAt',
      { kind: 'trial', trialDays: 7, startsAt: '2027-01-10T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' },
      400,
      'OFFER_DATES_INVALID',
      'endsAt',
    ],
    ['an unknown plan', { kind: 'trial', trialDays: 7, planCodes: ['no_such_plan'] }, 400, 'UNKNOWN_PLAN', 'planCodes'],
    ['an archived plan', { kind: 'trial', trialDays: 7, planCodes: ['old_plan'] }, 400, 'PLAN_NOT_ACTIVE', 'planCodes'],
    [
      'plans of two currencies',
      { kind: 'intro_price', introPriceMinor: 100, introPeriods: 1, planCodes: ['smart_quarterly', 'usd_plan'] },
      400,
      'CURRENCY_MISMATCH',
      'planCodes',
    ],
    ['a trial of 91 days', { kind: 'trial', trialDays: 91 }, 400, 'VALIDATION_FAILED', 'trialDays'],
    [
      'a price in rupees with paise as a fraction',
      { kind: 'intro_price', introPriceMinor: 1.5, introPeriods: 1 },
      400,
      'VALIDATION_FAILED',
      'introPriceMinor',
    ],
    ['a lowercase promotion code', { kind: 'trial', trialDays: 7, promotionCode: 'diwali50' }, 400, 'VALIDATION_FAILED', 'promotionCode'],
    ['an unknown field', { kind: 'trial', trialDays: 7, price: 1 }, 400, 'VALIDATION_FAILED', 'price'],
    ['a duplicate code', { code: 'taken', kind: 'trial', trialDays: 7 }, 409, 'OFFER_CODE_TAKEN', 'code'],
    ['a promotion code a live offer uses', { kind: 'trial', trialDays: 7, promotionCode: 'TAKEN1' }, 409, 'PROMOTION_CODE_TAKEN', 'promotionCode'],
  ])('refuses %s as create does (the same status, code and field), writing nothing', async (_name, terms, status, code, field) => {
    const body = { code: 'bad_offer', name: 'Bad', planCodes: ['smart_quarterly'], ...terms };
    const before = await counts();
    const res = await preview(body);
    expect(outcome(res)).toMatchObject({ status, code });
    expect(outcome(res).fields).toContain(field);
    expect(await counts()).toEqual(before);
    // The same body to create: the same answer.
    expect(outcome(await create(body))).toEqual(outcome(res));
    expect(await counts()).toEqual(before);
  });

  it('is described in the OpenAPI document: the create body in, the previews out, the refusals of create', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const op = doc.paths['/v1/admin/offers/preview'].post;
    expect(op.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/OfferCreateDto' });
    expect(op.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/OfferPreviewListResponseDto' });
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '409']));
    expect(op.responses['400'].description).toBe(doc.paths['/v1/admin/offers'].post.responses['400'].description);
  });

  it('is for admin keys only', async () => {
    const body = { code: 'x_offer', name: 'X', kind: 'trial', trialDays: 7, planCodes: ['smart_quarterly'] };
    expect((await t.http.post('/v1/admin/offers/preview').send(body)).status).toBe(401);
    expect((await t.http.post('/v1/admin/offers/preview').set('Authorization', t.bearer(t.paywallKey)).send(body)).status).toBe(403);
  });

  it('answers any generated body as create would (the same disclosures, or the same code and fields), and writes nothing', async () => {
    const body = offerBodies({ code: 'taken', promotionCode: 'TAKEN1' }, [['smart_quarterly', 'usd_plan'], ['old_plan']]);
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await counts();
        const previewed = await preview(b);
        expect(await counts()).toEqual(before);
        expect([200, 400, 409]).toContain(previewed.status);
        const created = await create(b);
        if (created.status === 201) {
          expect(previewed.status).toBe(200);
          expect(previewed.body).toEqual({ previews: created.body.previews });
          await t.dataSource.query(`DELETE FROM offers WHERE code = $1`, [b.code]);
          return;
        }
        expect(outcome(previewed)).toEqual(outcome(created));
      }),
      { numRuns: 60 },
    );
  });
});
