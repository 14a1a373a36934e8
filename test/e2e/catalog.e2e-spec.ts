import { startTestApp, TestApp } from '../support/test-app';

const DEMO_BENEFIT_CODES = ['premium_stories', 'nyt_access', 'epaper', 'newsletters', 'smart_investor', 'archives', 'ad_free', 'all_devices'];

describe('catalog: GET /v1/plans (public)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    admin = t.bearer(t.adminKey);
  });
  afterAll(() => t.close());

  const plans = () => t.http.get('/v1/plans');

  it('lists exactly the three demo plans, priced as API.md shows, without a key', async () => {
    const res = await plans()
      .expect(200)
      .expect('Content-Type', /application\/json/);
    expect(res.body.plans.map((p: Record<string, unknown>) => Object.keys(p))).toEqual(
      Array(3).fill([
        'code',
        'name',
        'description',
        'intervalMonths',
        'periodLabel',
        'price',
        'effectiveMonthly',
        'savingsPercent',
        'autoRenews',
        'benefits',
        'offers',
      ]),
    );
    const row = (p: Record<string, any>) => [
      p.code,
      p.name,
      p.intervalMonths,
      p.periodLabel,
      p.price.amountMinor,
      p.price.formatted,
      p.effectiveMonthly.amountMinor,
      p.effectiveMonthly.formatted,
      p.savingsPercent,
      p.autoRenews,
      p.price.currency,
      p.effectiveMonthly.currency,
    ];
    // prettier-ignore
    expect(res.body.plans.map(row)).toEqual([
      ['smart_quarterly', 'Smart Quarterly', 3, '3 Months', 90000, '₹900', 30000, '₹300', 0, true, 'INR', 'INR'],
      ['smart_essential', 'Smart Essential', 12, '1 Year', 270000, '₹2,700', 22500, '₹225', 25, true, 'INR', 'INR'],
      ['super_saver', 'Super Saver', 24, '2 Years', 390000, '₹3,900', 16250, '₹162', 45, true, 'INR', 'INR'],
    ]);
    for (const plan of res.body.plans) {
      expect(Object.keys(plan.price)).toEqual(['amountMinor', 'currency', 'formatted']);
      expect(Object.keys(plan.effectiveMonthly)).toEqual(['amountMinor', 'currency', 'formatted']);
    }
    for (const plan of res.body.plans) {
      expect(plan.benefits.map((b: { code: string }) => b.code)).toEqual(DEMO_BENEFIT_CODES);
      for (const b of plan.benefits) expect(Object.keys(b)).toEqual(['code', 'name', 'description']);
    }
    expect(res.body.plans[0].benefits[0]).toEqual({
      code: 'premium_stories',
      name: 'Exclusive premium stories online',
      description: 'Over 30 premium stories daily, handpicked by our editors',
    });
  });

  it('answers with Cache-Control and a strong ETag, and 304 with no body to a matching If-None-Match', async () => {
    const first = await plans().expect(200);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    const etag = first.headers['etag'];
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const again = await plans().expect(200);
    expect(again.headers['etag']).toBe(etag);

    const notModified = await plans().set('If-None-Match', etag).expect(304);
    expect(notModified.text ?? '').toBe('');
    expect(notModified.headers['etag']).toBe(etag);
    expect(notModified.headers['cache-control']).toBe('public, max-age=60');
    await plans().set('If-None-Match', `"other", W/${etag}`).expect(304);
    await plans().set('If-None-Match', '"stale"').expect(200);
  });

  it('changes the ETag on every kind of catalog change, and shows the change at once on this instance', async () => {
    const etags = [(await plans()).headers['etag']];
    const changed = async () => {
      const res = await plans()
        .set('If-None-Match', etags[etags.length - 1])
        .expect(200);
      expect(etags).not.toContain(res.headers['etag']);
      etags.push(res.headers['etag']);
      return res.body.plans as Array<Record<string, any>>;
    };

    await t.http.post('/v1/admin/plans/super_saver/prices').set('Authorization', admin).send({ amountMinor: 360000, currency: 'INR' }).expect(201);
    let list = await changed();
    expect(list[2].price).toEqual({ amountMinor: 360000, currency: 'INR', formatted: '₹3,600' });
    expect(list[2].effectiveMonthly.amountMinor).toBe(15000);
    expect(list[2].savingsPercent).toBe(50);

    await t.http.patch('/v1/admin/plans/smart_essential').set('Authorization', admin).send({ name: 'Smart Annual' }).expect(200);
    list = await changed();
    expect(list[1].name).toBe('Smart Annual');

    await t.http.patch('/v1/admin/benefits/epaper').set('Authorization', admin).send({ name: 'ePaper' }).expect(200);
    list = await changed();
    expect(list.every((p) => p.benefits[2].name === 'ePaper')).toBe(true);

    await t.http.post('/v1/admin/plans/smart_quarterly/archive').set('Authorization', admin).expect(200);
    list = await changed();
    expect(list.map((p) => p.code)).toEqual(['smart_essential', 'super_saver']);
    // The quarterly plan no longer sets the reference: savings are against the dearest ACTIVE plan.
    expect(list.map((p) => p.savingsPercent)).toEqual([0, 33]);
  });

  it('lists only active plans, ordered by sortOrder', async () => {
    const create = (code: string, sortOrder: number, status: string) =>
      t.http
        .post('/v1/admin/plans')
        .set('Authorization', admin)
        .send({ code, name: code, intervalMonths: 1, price: { amountMinor: 50000, currency: 'INR' }, benefitCodes: ['epaper'], sortOrder, status })
        .expect(201);
    await create('monthly_first', -5, 'active');
    await create('monthly_draft', 1, 'draft');
    const list = (await plans().expect(200)).body.plans as Array<{ code: string; periodLabel: string; savingsPercent: number }>;
    expect(list.map((p) => p.code)).toEqual(['monthly_first', 'smart_essential', 'super_saver']);
    expect(list[0]).toMatchObject({ periodLabel: '1 Month', savingsPercent: 0 });
    await t.http.patch('/v1/admin/plans/monthly_draft').set('Authorization', admin).send({ status: 'active', sortOrder: 100 }).expect(200);
    const after = (await plans().expect(200)).body.plans as Array<{ code: string }>;
    expect(after.map((p) => p.code)).toEqual(['monthly_first', 'smart_essential', 'super_saver', 'monthly_draft']);
  });

  it('is documented in the OpenAPI spec with Money as a schema', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    expect(doc.paths['/v1/plans'].get.responses['200']).toBeDefined();
    expect(doc.paths['/v1/plans'].get.responses['304']).toBeDefined();
    expect(doc.components.schemas.Money.properties).toEqual(
      expect.objectContaining({ amountMinor: expect.any(Object), currency: expect.any(Object), formatted: expect.any(Object) }),
    );
    for (const path of [
      '/v1/admin/benefits',
      '/v1/admin/benefits/{code}',
      '/v1/admin/plans',
      '/v1/admin/plans/{code}',
      '/v1/admin/plans/{code}/prices',
      '/v1/admin/plans/{code}/archive',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
    type Op = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }>; requestBody?: unknown };
    const catalogOps = Object.entries(doc.paths as Record<string, Record<string, Op>>)
      .filter(([path]) => /^\/v1\/(plans|admin\/(plans|benefits))/.test(path))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ route: `${method} ${path}`, op })));
    expect(catalogOps).toHaveLength(11);
    for (const { route, op } of catalogOps) {
      const [status, success] = Object.entries(op.responses).find(([code]) => /^2/.test(code))!;
      expect({ route, status, schema: !!success.content?.['application/json']?.schema }).toEqual({ route, status, schema: true });
      if (/^(post|patch) /.test(route) && !route.endsWith('/archive')) expect({ route, body: !!op.requestBody }).toEqual({ route, body: true });
    }
    expect(doc.components.schemas.PlanUpdateDto.properties.price).toBeUndefined();
  });
});
