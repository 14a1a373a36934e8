import { startTestApp, TestApp } from '../support/test-app';

describe('web: the pages and the public demo routes behind /paywall', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true, env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '10' } });
  });
  afterAll(() => t.close());

  it('meters the fixed demo reader only: the page cannot name a viewer', async () => {
    const first = await t.http.post('/v1/demo/meter-reads').send({ articleId: 'a-1' }).expect(200);
    expect(first.body).toMatchObject({ allowed: true, reason: 'free_quota', freeLimit: 5, used: 1, remaining: 4 });
    const again = await t.http.post('/v1/demo/meter-reads').send({ articleId: 'a-1' }).expect(200);
    expect(again.body).toMatchObject({ used: 1, remaining: 4 });
    const rows = await t.dataSource.query('SELECT viewer_id, article_id FROM article_reads');
    expect(rows).toEqual([{ viewer_id: 'demo-viewer', article_id: 'a-1' }]);

    const bad = await t.http.post('/v1/demo/meter-reads').send({ articleId: 'a-2', viewerId: 'u1' }).expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'viewerId' })]);
    const blank = await t.http.post('/v1/demo/meter-reads').send({ articleId: '../x' }).expect(400);
    expect(blank.body.details).toEqual([expect.objectContaining({ field: 'articleId' })]);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM article_reads'))[0].n).toBe(1);
  });

  it('answers checkout with 503 STRIPE_NOT_CONFIGURED when Stripe has no key', async () => {
    const res = await t.http.post('/v1/demo/checkout-sessions').send({ planCode: 'smart_quarterly' }).expect(503);
    expect(res.body.code).toBe('STRIPE_NOT_CONFIGURED');
    const bad = await t.http.post('/v1/demo/checkout-sessions').send({ planCode: 'Smart', userId: 'u1' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['planCode', 'userId']);
  });

  it('is rate-limited per address like every keyless route', async () => {
    let last = 0;
    for (let i = 0; i < 12 && last !== 429; i++) {
      last = (await t.http.post('/v1/demo/checkout-sessions').send({ planCode: 'smart_quarterly' })).status;
    }
    expect(last).toBe(429);
  });
});
