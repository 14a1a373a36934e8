import { Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CatalogEvents, type PriceVersionCreated } from '../../src/catalog/catalog.events';
import { CatalogService } from '../../src/catalog/catalog.service';
import { startTestApp, TestApp } from '../support/test-app';

const validPlan = () => ({
  code: 'smart_monthly',
  name: 'Smart Monthly',
  description: 'Billed monthly',
  intervalMonths: 1,
  price: { amountMinor: 39900, currency: 'INR' },
  benefitCodes: ['premium_stories', 'epaper'],
  sortOrder: 5,
  status: 'active',
});

describe('catalog administration', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    admin = t.bearer(t.adminKey);
  });
  afterAll(() => t.close());

  const get = (path: string) => t.http.get(path).set('Authorization', admin);
  const post = (path: string, body?: object) => t.http.post(path).set('Authorization', admin).send(body);
  const patch = (path: string, body: object) => t.http.patch(path).set('Authorization', admin).send(body);
  const auditFor = async (entityId: string) =>
    (await get(`/v1/admin/audit-log?entityId=${entityId}`).expect(200)).body.entries as Array<Record<string, any>>;

  describe('benefits', () => {
    it('lists the eight demo benefits', async () => {
      const res = await get('/v1/admin/benefits').expect(200);
      expect(res.body.benefits).toHaveLength(8);
      expect(res.body.benefits.find((b: { code: string }) => b.code === 'ad_free')).toMatchObject({
        code: 'ad_free',
        name: 'Ad-free reading',
        createdAt: expect.any(String),
      });
    });

    it('creates (201), rejects a duplicate code (409), patches, and audits both writes', async () => {
      const created = await post('/v1/admin/benefits', { code: 'podcasts', name: 'Podcasts' }).expect(201);
      expect(created.body).toMatchObject({ code: 'podcasts', name: 'Podcasts', description: '' });
      const dup = await post('/v1/admin/benefits', { code: 'podcasts', name: 'Again' }).expect(409);
      expect(dup.body.code).toBe('BENEFIT_CODE_TAKEN');

      const patched = await patch('/v1/admin/benefits/podcasts', { description: 'Daily audio briefings' }).expect(200);
      expect(patched.body).toMatchObject({ code: 'podcasts', name: 'Podcasts', description: 'Daily audio briefings' });
      expect((await get('/v1/admin/benefits/podcasts').expect(200)).body.description).toBe('Daily audio briefings');

      const entries = await auditFor('podcasts');
      expect(entries.map((e) => e.action)).toEqual(['benefit.update', 'benefit.create']);
      expect(entries[1]).toMatchObject({ actor: 'test-admin', entityType: 'benefit', before: null, after: { name: 'Podcasts' } });
      expect(entries[0]).toMatchObject({ before: { description: '' }, after: { description: 'Daily audio briefings' } });
    });

    it('answers 404 BENEFIT_NOT_FOUND for an unknown benefit on its own path', async () => {
      expect((await patch('/v1/admin/benefits/nope', { name: 'x' }).expect(404)).body.code).toBe('BENEFIT_NOT_FOUND');
      expect((await get('/v1/admin/benefits/nope').expect(404)).body.code).toBe('BENEFIT_NOT_FOUND');
    });
  });

  describe('plans', () => {
    it('creates a plan (201) with price version 1 as current, and audits it', async () => {
      const res = await post('/v1/admin/plans', validPlan()).expect(201);
      expect(res.body).toMatchObject({
        code: 'smart_monthly',
        name: 'Smart Monthly',
        intervalMonths: 1,
        periodLabel: '1 Month',
        status: 'active',
        sortOrder: 5,
        price: { amountMinor: 39900, currency: 'INR', formatted: '₹399' },
        effectiveMonthly: { amountMinor: 39900, currency: 'INR', formatted: '₹399' },
        savingsPercent: 0,
        subscriberCount: 0,
        currentPrice: { version: 1, price: { amountMinor: 39900 }, stripePriceId: null, current: true },
      });
      expect(res.body.prices).toHaveLength(1);
      expect(res.body.benefits.map((b: { code: string }) => b.code)).toEqual(['premium_stories', 'epaper']);
      const [entry] = await auditFor('smart_monthly');
      expect(entry).toMatchObject({
        actor: 'test-admin',
        action: 'plan.create',
        entityType: 'plan',
        before: null,
        after: {
          code: 'smart_monthly',
          currentPrice: { version: 1, amountMinor: 39900, currency: 'INR' },
          benefitCodes: ['premium_stories', 'epaper'],
        },
      });
    });

    it('defaults a new plan to draft, shown to admins but not in the public catalog', async () => {
      const body = { ...validPlan(), code: 'trial_draft', status: undefined, sortOrder: undefined };
      const res = await post('/v1/admin/plans', body).expect(201);
      expect(res.body).toMatchObject({ status: 'draft', sortOrder: 0 });
      const pub = await t.http.get('/v1/plans').expect(200);
      expect(pub.body.plans.map((p: { code: string }) => p.code)).not.toContain('trial_draft');
    });

    it('rejects a duplicate code with 409 PLAN_CODE_TAKEN', async () => {
      const res = await post('/v1/admin/plans', { ...validPlan(), code: 'smart_quarterly' }).expect(409);
      expect(res.body.code).toBe('PLAN_CODE_TAKEN');
    });

    it('adds immutable price versions: the newest is current, older ones kept and listed newest first', async () => {
      const v2 = await post('/v1/admin/plans/smart_quarterly/prices', { amountMinor: 99900, currency: 'INR' }).expect(201);
      expect(v2.body.currentPrice).toMatchObject({ version: 2, price: { amountMinor: 99900, formatted: '₹999' }, current: true });
      const v3 = await post('/v1/admin/plans/smart_quarterly/prices', {
        amountMinor: 105000,
        currency: 'INR',
        stripePriceId: 'price_1QuarterlyV3',
      }).expect(201);
      expect(v3.body.prices.map((p: any) => [p.version, p.price.amountMinor, p.current, p.stripePriceId])).toEqual([
        [3, 105000, true, 'price_1QuarterlyV3'],
        [2, 99900, false, null],
        [1, 90000, false, null],
      ]);
      const stored = await t.dataSource.query(
        `SELECT version, amount_minor::int AS amount, stripe_price_id FROM plan_prices pp JOIN plans p ON p.id = pp.plan_id
          WHERE p.code = 'smart_quarterly' ORDER BY version`,
      );
      expect(stored).toEqual([
        { version: 1, amount: 90000, stripe_price_id: null },
        { version: 2, amount: 99900, stripe_price_id: null },
        { version: 3, amount: 105000, stripe_price_id: 'price_1QuarterlyV3' },
      ]);
      const one = await get('/v1/admin/plans/smart_quarterly').expect(200);
      expect(one.body.price).toEqual({ amountMinor: 105000, currency: 'INR', formatted: '₹1,050' });

      const [entry] = await auditFor('smart_quarterly');
      expect(entry).toMatchObject({
        action: 'plan.price.create',
        actor: 'test-admin',
        before: { currentPrice: { version: 2, amountMinor: 99900 } },
        after: { currentPrice: { version: 3, amountMinor: 105000, stripePriceId: 'price_1QuarterlyV3' } },
      });
    });

    it('rejects a Stripe price id already linked (on any plan) with 409 STRIPE_PRICE_TAKEN, writing nothing', async () => {
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM plan_prices');
      const res = await post('/v1/admin/plans/super_saver/prices', {
        amountMinor: 1,
        currency: 'INR',
        stripePriceId: 'price_1QuarterlyV3',
      }).expect(409);
      expect(res.body.code).toBe('STRIPE_PRICE_TAKEN');
      expect(await t.dataSource.query('SELECT count(*)::int AS n FROM plan_prices')).toEqual(before);
    });

    it('patches name, description, benefits (in order), sortOrder and status, audited with before and after', async () => {
      const res = await patch('/v1/admin/plans/smart_essential', {
        name: 'Smart Annual',
        description: 'A year of everything',
        benefitCodes: ['ad_free', 'premium_stories'],
        sortOrder: 25,
      }).expect(200);
      expect(res.body).toMatchObject({ name: 'Smart Annual', description: 'A year of everything', sortOrder: 25 });
      expect(res.body.benefits.map((b: { code: string }) => b.code)).toEqual(['ad_free', 'premium_stories']);
      const [entry] = await auditFor('smart_essential');
      expect(entry).toMatchObject({
        action: 'plan.update',
        before: { name: 'Smart Essential', sortOrder: 20, benefitCodes: expect.arrayContaining(['nyt_access']) },
        after: { name: 'Smart Annual', sortOrder: 25, benefitCodes: ['ad_free', 'premium_stories'] },
      });
    });

    it('archives: hidden from /v1/plans, still listed for admins, audited; archiving again is a no-op', async () => {
      const res = await post('/v1/admin/plans/super_saver/archive').expect(200);
      expect(res.body.status).toBe('archived');
      const pub = await t.http.get('/v1/plans').expect(200);
      expect(pub.body.plans.map((p: { code: string }) => p.code)).not.toContain('super_saver');
      await post('/v1/admin/plans/super_saver/archive').expect(200);
      const entries = (await auditFor('super_saver')).filter((e) => e.action === 'plan.archive');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ before: { status: 'active' }, after: { status: 'archived' } });
    });

    it('lists every plan in any status with price history and live subscriber counts', async () => {
      const [{ id: planId }] = await t.dataSource.query(`SELECT id FROM plans WHERE code = 'super_saver'`);
      const statuses = ['active', 'trialing', 'past_due', 'canceled', 'incomplete', 'unpaid', 'active'];
      for (const [i, status] of statuses.entries()) {
        await t.dataSource.query(
          `INSERT INTO subscriptions (stripe_subscription_id, user_id, stripe_customer_id, plan_id, status)
           VALUES ($1, $2, $3, $4, $5)`,
          [`sub_${i}`, `u${i}`, `cus_${i}`, planId, status],
        );
      }
      const res = await get('/v1/admin/plans').expect(200);
      const byCode = Object.fromEntries(res.body.plans.map((p: any) => [p.code, p]));
      expect(Object.keys(byCode).sort()).toEqual(['smart_essential', 'smart_monthly', 'smart_quarterly', 'super_saver', 'trial_draft']);
      expect(byCode.super_saver).toMatchObject({ status: 'archived', subscriberCount: 4 });
      expect(byCode.trial_draft).toMatchObject({ status: 'draft', subscriberCount: 0 });
      expect(byCode.smart_quarterly.prices.map((p: { version: number }) => p.version)).toEqual([3, 2, 1]);
      expect((await get('/v1/admin/plans/super_saver').expect(200)).body.subscriberCount).toBe(4);
    });

    it('numbers concurrent price versions of one plan without gaps or collisions', async () => {
      const amounts = [100_000, 110_000, 120_000, 130_000, 140_000];
      const results = await Promise.all(amounts.map((amountMinor) => post('/v1/admin/plans/smart_monthly/prices', { amountMinor, currency: 'INR' })));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      const plan = (await get('/v1/admin/plans/smart_monthly').expect(200)).body;
      expect(plan.prices.map((p: { version: number }) => p.version)).toEqual([6, 5, 4, 3, 2, 1]);
      expect(plan.currentPrice.version).toBe(6);
    });

    it('lets exactly one of several concurrent creates of the same code win; the others get 409', async () => {
      const results = await Promise.all([1, 2, 3, 4].map(() => post('/v1/admin/plans', { ...validPlan(), code: 'race_plan' })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'PLAN_CODE_TAKEN')).toBe(true);
      const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM plans WHERE code = 'race_plan'`);
      expect(rows[0].n).toBe(1);
    });

    it('maps a unique violation that slips past the pre-checks (a concurrent write) to its 409', async () => {
      // Make the "does it exist?" pre-checks answer no, so the unique indexes have to catch the duplicates.
      const exists = jest.spyOn(EntityManager.prototype, 'exists').mockResolvedValue(false);
      try {
        const plan = await post('/v1/admin/plans', { ...validPlan(), code: 'smart_quarterly' }).expect(409);
        expect(plan.body.code).toBe('PLAN_CODE_TAKEN');
        const price = await post('/v1/admin/plans/super_saver/prices', {
          amountMinor: 1,
          currency: 'INR',
          stripePriceId: 'price_1QuarterlyV3',
        }).expect(409);
        expect(price.body.code).toBe('STRIPE_PRICE_TAKEN');
        const benefit = await post('/v1/admin/benefits', { code: 'epaper', name: 'Again' }).expect(409);
        expect(benefit.body.code).toBe('BENEFIT_CODE_TAKEN');
      } finally {
        exists.mockRestore();
      }
    });

    it.each([
      ['get', '/v1/admin/plans/nope'],
      ['patch', '/v1/admin/plans/nope'],
      ['post', '/v1/admin/plans/nope/prices'],
      ['post', '/v1/admin/plans/nope/archive'],
    ])('answers %s %s with 404 PLAN_NOT_FOUND', async (method, path) => {
      const body = method === 'post' && path.endsWith('prices') ? { amountMinor: 100, currency: 'INR' } : {};
      const call = method === 'get' ? get(path) : method === 'patch' ? patch(path, body) : post(path, body);
      const res = await call.expect(404);
      expect(res.body.code).toBe('PLAN_NOT_FOUND');
    });
  });

  describe('the Stripe seam: CatalogEvents.onPriceVersionCreated', () => {
    it('tells listeners after commit about every new version, and answers with what they stored', async () => {
      const seen: PriceVersionCreated[] = [];
      const off = t.app.get(CatalogEvents).onPriceVersionCreated(async (event) => {
        // Runs after commit: the version is visible outside the catalog's transaction.
        const [row] = await t.dataSource.query('SELECT version FROM plan_prices WHERE id = $1', [event.priceId]);
        expect(row.version).toBe(event.version);
        seen.push(event);
        if (!event.stripePriceId) {
          await t.dataSource.query('UPDATE plan_prices SET stripe_price_id = $1 WHERE id = $2', [`price_made_${event.version}`, event.priceId]);
        }
      });
      try {
        const created = await post('/v1/admin/plans', { ...validPlan(), code: 'seam_plan', intervalMonths: 6 }).expect(201);
        expect(created.body.currentPrice).toMatchObject({ version: 1, stripePriceId: 'price_made_1' });
        const linked = await post('/v1/admin/plans/seam_plan/prices', { amountMinor: 50000, currency: 'INR', stripePriceId: 'price_linked' }).expect(
          201,
        );
        expect(linked.body.currentPrice).toMatchObject({ version: 2, stripePriceId: 'price_linked' });
        expect(seen).toEqual([
          expect.objectContaining({ planCode: 'seam_plan', intervalMonths: 6, version: 1, amountMinor: 39900, currency: 'INR', stripePriceId: null }),
          expect.objectContaining({
            planCode: 'seam_plan',
            intervalMonths: 6,
            version: 2,
            amountMinor: 50000,
            currency: 'INR',
            stripePriceId: 'price_linked',
          }),
        ]);
        await post('/v1/admin/plans/seam_plan/prices', { amountMinor: -1, currency: 'INR' }).expect(400);
        expect(seen).toHaveLength(2);
      } finally {
        off();
      }
      await post('/v1/admin/plans/seam_plan/prices', { amountMinor: 60000, currency: 'INR' }).expect(201);
      expect(seen).toHaveLength(2);
    });
  });

  describe('bad input: 400 with a stable code, nothing written', () => {
    const counts = () =>
      t.dataSource.query(`SELECT (SELECT count(*) FROM plans)::int AS plans, (SELECT count(*) FROM plan_prices)::int AS prices,
        (SELECT count(*) FROM benefits)::int AS benefits, (SELECT count(*) FROM plan_benefits)::int AS links,
        (SELECT count(*) FROM audit_log)::int AS audit,
        (SELECT string_agg(code || name || description || status || sort_order, ',' ORDER BY code) FROM plans) AS plan_rows`);

    const cases: Array<[string, string, string, object, string, string?]> = [
      ['unknown field', 'post', '/v1/admin/plans', { ...validPlan(), code: 'x1', colour: 'red' }, 'VALIDATION_FAILED', 'colour'],
      [
        'unknown field in price',
        'post',
        '/v1/admin/plans',
        { ...validPlan(), code: 'x1', price: { amountMinor: 1, currency: 'INR', tax: 1 } },
        'VALIDATION_FAILED',
        'price.tax',
      ],
      [
        'negative amountMinor',
        'post',
        '/v1/admin/plans',
        { ...validPlan(), code: 'x1', price: { amountMinor: -1, currency: 'INR' } },
        'VALIDATION_FAILED',
        'price.amountMinor',
      ],
      [
        'fractional amountMinor',
        'post',
        '/v1/admin/plans',
        { ...validPlan(), code: 'x1', price: { amountMinor: 999.5, currency: 'INR' } },
        'VALIDATION_FAILED',
        'price.amountMinor',
      ],
      [
        'amountMinor above 10^10',
        'post',
        '/v1/admin/plans',
        { ...validPlan(), code: 'x1', price: { amountMinor: 10_000_000_001, currency: 'INR' } },
        'VALIDATION_FAILED',
        'price.amountMinor',
      ],
      [
        'amountMinor as a string',
        'post',
        '/v1/admin/plans',
        { ...validPlan(), code: 'x1', price: { amountMinor: '39900', currency: 'INR' } },
        'VALIDATION_FAILED',
        'price.amountMinor',
      ],
      [
        'currency XYZ',
        'post',
        '/v1/admin/plans',
        { ...validPlan(), code: 'x1', price: { amountMinor: 1, currency: 'XYZ' } },
        'VALIDATION_FAILED',
        'price.currency',
      ],
      [
        'currency inr',
        'post',
        '/v1/admin/plans',
        { ...validPlan(), code: 'x1', price: { amountMinor: 1, currency: 'inr' } },
        'VALIDATION_FAILED',
        'price.currency',
      ],
      ['missing price', 'post', '/v1/admin/plans', { ...validPlan(), code: 'x1', price: undefined }, 'VALIDATION_FAILED', 'price'],
      ['intervalMonths 0', 'post', '/v1/admin/plans', { ...validPlan(), code: 'x1', intervalMonths: 0 }, 'VALIDATION_FAILED', 'intervalMonths'],
      ['intervalMonths 37', 'post', '/v1/admin/plans', { ...validPlan(), code: 'x1', intervalMonths: 37 }, 'VALIDATION_FAILED', 'intervalMonths'],
      ['intervalMonths 1.5', 'post', '/v1/admin/plans', { ...validPlan(), code: 'x1', intervalMonths: 1.5 }, 'VALIDATION_FAILED', 'intervalMonths'],
      ['code with capitals and dash', 'post', '/v1/admin/plans', { ...validPlan(), code: 'Smart-Monthly' }, 'VALIDATION_FAILED', 'code'],
      ['code with a space', 'post', '/v1/admin/plans', { ...validPlan(), code: 'smart monthly' }, 'VALIDATION_FAILED', 'code'],
      ['code with double underscore', 'post', '/v1/admin/plans', { ...validPlan(), code: 'smart__monthly' }, 'VALIDATION_FAILED', 'code'],
      ['empty name', 'post', '/v1/admin/plans', { ...validPlan(), code: 'x1', name: '' }, 'VALIDATION_FAILED', 'name'],
      ['blank name', 'post', '/v1/admin/plans', { ...validPlan(), code: 'x1', name: '   ' }, 'VALIDATION_FAILED', 'name'],
      ['status archived on create', 'post', '/v1/admin/plans', { ...validPlan(), code: 'x1', status: 'archived' }, 'VALIDATION_FAILED', 'status'],
      [
        'duplicate benefit codes',
        'post',
        '/v1/admin/plans',
        { ...validPlan(), code: 'x1', benefitCodes: ['epaper', 'epaper'] },
        'VALIDATION_FAILED',
        'benefitCodes',
      ],
      [
        'unknown benefit code',
        'post',
        '/v1/admin/plans',
        { ...validPlan(), code: 'x1', benefitCodes: ['epaper', 'time_travel'] },
        'UNKNOWN_BENEFIT',
        'benefitCodes',
      ],
      ['price in a patch', 'patch', '/v1/admin/plans/smart_quarterly', { price: { amountMinor: 1, currency: 'INR' } }, 'VALIDATION_FAILED', 'price'],
      [
        'unknown benefit in a patch',
        'patch',
        '/v1/admin/plans/smart_quarterly',
        { name: 'Renamed', benefitCodes: ['time_travel'] },
        'UNKNOWN_BENEFIT',
        'benefitCodes',
      ],
      ['empty name in a patch', 'patch', '/v1/admin/plans/smart_quarterly', { name: '' }, 'VALIDATION_FAILED', 'name'],
      ['status bogus in a patch', 'patch', '/v1/admin/plans/smart_quarterly', { status: 'deleted' }, 'VALIDATION_FAILED', 'status'],
      [
        'negative price version',
        'post',
        '/v1/admin/plans/smart_quarterly/prices',
        { amountMinor: -100, currency: 'INR' },
        'VALIDATION_FAILED',
        'amountMinor',
      ],
      [
        'fractional price version',
        'post',
        '/v1/admin/plans/smart_quarterly/prices',
        { amountMinor: 0.5, currency: 'INR' },
        'VALIDATION_FAILED',
        'amountMinor',
      ],
      [
        'price version above 10^10',
        'post',
        '/v1/admin/plans/smart_quarterly/prices',
        { amountMinor: 1e11, currency: 'INR' },
        'VALIDATION_FAILED',
        'amountMinor',
      ],
      [
        'price version currency inr',
        'post',
        '/v1/admin/plans/smart_quarterly/prices',
        { amountMinor: 100, currency: 'inr' },
        'VALIDATION_FAILED',
        'currency',
      ],
      [
        'price version unknown field',
        'post',
        '/v1/admin/plans/smart_quarterly/prices',
        { amountMinor: 100, currency: 'INR', intervalMonths: 6 },
        'VALIDATION_FAILED',
        'intervalMonths',
      ],
      ['null name in a patch', 'patch', '/v1/admin/plans/smart_quarterly', { name: null }, 'VALIDATION_FAILED', 'name'],
      ['null sortOrder in a patch', 'patch', '/v1/admin/plans/smart_quarterly', { sortOrder: null }, 'VALIDATION_FAILED', 'sortOrder'],
      ['null benefitCodes in a patch', 'patch', '/v1/admin/plans/smart_quarterly', { benefitCodes: null }, 'VALIDATION_FAILED', 'benefitCodes'],
      ['null status in a patch', 'patch', '/v1/admin/plans/smart_quarterly', { status: null }, 'VALIDATION_FAILED', 'status'],
      [
        'null description on create',
        'post',
        '/v1/admin/plans',
        { ...validPlan(), code: 'x1', description: null },
        'VALIDATION_FAILED',
        'description',
      ],
      [
        'null stripePriceId',
        'post',
        '/v1/admin/plans/smart_quarterly/prices',
        { amountMinor: 100, currency: 'INR', stripePriceId: null },
        'VALIDATION_FAILED',
        'stripePriceId',
      ],
      ['null benefit name in a patch', 'patch', '/v1/admin/benefits/epaper', { name: null }, 'VALIDATION_FAILED', 'name'],
      ['benefit code not lower_snake', 'post', '/v1/admin/benefits', { code: 'Ad Free', name: 'x' }, 'VALIDATION_FAILED', 'code'],
      ['benefit empty name', 'post', '/v1/admin/benefits', { code: 'new_benefit', name: '' }, 'VALIDATION_FAILED', 'name'],
      ['benefit code in a patch', 'patch', '/v1/admin/benefits/epaper', { code: 'e_paper' }, 'VALIDATION_FAILED', 'code'],
    ];

    it.each(cases)('%s', async (_label, method, path, body, code, field) => {
      const before = await counts();
      const call = method === 'post' ? post(path, body) : patch(path, body);
      const res = await call.expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code });
      if (field) expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['an array', '[]'],
      ['an array of a valid plan', JSON.stringify([validPlan()])],
      ['a string', '"smart"'],
      ['no body at all', ''],
    ])('a body that is %s: 400, nothing written', async (_label, raw) => {
      const before = await counts();
      const res = await t.http.post('/v1/admin/plans').set('Authorization', admin).set('Content-Type', 'application/json').send(raw);
      expect(res.status).toBe(400);
      expect(['VALIDATION_FAILED', 'MALFORMED_JSON']).toContain(res.body.code);
      expect(await counts()).toEqual(before);
    });

    it.each(['/v1/admin/plans', '/v1/admin/plans/smart_quarterly/prices', '/v1/admin/benefits'])(
      'malformed JSON to %s: 400 MALFORMED_JSON',
      async (path) => {
        const before = await counts();
        const res = await t.http
          .post(path)
          .set('Authorization', admin)
          .set('Content-Type', 'application/json')
          .send('{"code": "x1", "name": ')
          .expect(400);
        expect(res.body.code).toBe('MALFORMED_JSON');
        expect(await counts()).toEqual(before);
      },
    );
  });

  describe('unexpected errors', () => {
    afterEach(() => jest.restoreAllMocks());

    it('answers 500 with an errorId that is logged, and no SQL or stack in the body', async () => {
      const sqlError = new Error('relation "plans" does not exist: SELECT "Plan"."id" FROM "plans" "Plan" WHERE password = $1');
      jest.spyOn(t.app.get(CatalogService), 'listPlans').mockRejectedValueOnce(sqlError);
      const logged = jest.spyOn(Logger.prototype, 'error');

      const res = await get('/v1/admin/plans').expect(500);
      expect(res.body).toEqual({
        statusCode: 500,
        code: 'INTERNAL_ERROR',
        message: expect.any(String),
        errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(res.text).not.toMatch(/SELECT|relation|plans"|password|\bat\s+\S+\s+\(/);
      const calls = logged.mock.calls.filter(([first]) => (first as { errorId?: string })?.errorId === res.body.errorId);
      expect(calls).toHaveLength(1);
      expect((calls[0][0] as { err: Error }).err).toBe(sqlError);
      expect((calls[0][0] as { reqId?: string }).reqId).toBe(res.headers['x-request-id']);
    });
  });
});
