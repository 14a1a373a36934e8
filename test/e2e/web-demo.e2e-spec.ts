import { startTestApp, TestApp } from '../support/test-app';

describe('web: the pages and the public demo routes behind /paywall', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true, env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '20' } });
  });
  afterAll(() => t.close());

  const demo = (body: Record<string, unknown>) => t.http.post('/v1/demo/access-decisions').send(body);
  const articlesOf = async (viewerId: string) =>
    (await t.dataSource.query('SELECT article_id FROM article_reads WHERE viewer_id = $1 ORDER BY article_id', [viewerId])).map(
      (r: { article_id: string }) => r.article_id,
    );

  it('decides for the demo device, then signed in as the demo user, as POST /v1/access/decisions does', async () => {
    const admin = t.bearer(t.adminKey);
    await t.http.patch('/v1/admin/settings').set('Authorization', admin).send({ freeArticleLimit: 3, anonymousArticleLimit: 1 }).expect(200);

    const first = await demo({ articleId: 'a-1', access: 'metered', signedIn: false }).expect(200);
    expect(first.body).toMatchObject({
      granted: true,
      reason: 'free_quota',
      wall: 'none',
      meter: { kind: 'anonymous', freeLimit: 1, used: 1, remaining: 0 },
      userId: null,
      registeredLimit: 3,
    });
    const walled = await demo({ articleId: 'a-2', access: 'metered', signedIn: false }).expect(200);
    expect(walled.body).toMatchObject({ granted: false, reason: 'registration_required', wall: 'registration', registeredLimit: 3 });
    // The contract route, asked the same question for the same device, answers the same decision.
    const { userId, registeredLimit, ...decision } = walled.body;
    const contract = await t.http
      .post('/v1/access/decisions')
      .set('Authorization', t.bearer(t.paywallKey))
      .send({ viewerId: 'demo-viewer', articleId: 'a-2', access: 'metered' })
      .expect(200);
    expect({ userId, registeredLimit, decision }).toEqual({ userId: null, registeredLimit: 3, decision: contract.body });

    // Signed in: the device's read is carried over to the demo user's own meter.
    const signedIn = await demo({ articleId: 'a-2', access: 'metered', signedIn: true }).expect(200);
    expect(signedIn.body).toMatchObject({
      granted: true,
      reason: 'free_quota',
      meter: { kind: 'registered', freeLimit: 3, used: 2, remaining: 1 },
      userId: 'demo-reader',
    });
    expect(await articlesOf('demo-viewer')).toEqual(['a-1']);
    expect(await articlesOf('demo-reader')).toEqual(['a-1', 'a-2']);

    const premium = await demo({ articleId: 'p-1', access: 'premium', signedIn: true }).expect(200);
    expect(premium.body).toMatchObject({ granted: false, reason: 'subscription_required', wall: 'subscription', meter: null });
  });

  it.each([
    [{ articleId: 'a-3', access: 'paid', signedIn: false }, 'access'],
    [{ articleId: 'a-3', access: 'metered' }, 'signedIn'],
    [{ articleId: 'a-3', access: 'metered', signedIn: 'yes' }, 'signedIn'],
    [{ articleId: 'a 3', access: 'metered', signedIn: false }, 'articleId'],
    // The page cannot name a reader: the route acts for the demo device and user only.
    [{ articleId: 'a-3', access: 'metered', signedIn: false, viewerId: 'u1' }, 'viewerId'],
    [{ articleId: 'a-3', access: 'metered', signedIn: true, userId: 'u1' }, 'userId'],
  ])('refuses %j: 400 VALIDATION_FAILED naming %s, nothing counted', async (body, field) => {
    const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM article_reads'))[0].n;
    const res = await demo(body).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field })] });
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM article_reads'))[0].n).toBe(before);
  });

  it('answers checkout with 503 STRIPE_NOT_CONFIGURED when Stripe has no key', async () => {
    const res = await t.http.post('/v1/demo/checkout-sessions').send({ planCode: 'smart_quarterly' }).expect(503);
    expect(res.body.code).toBe('STRIPE_NOT_CONFIGURED');
    const bad = await t.http.post('/v1/demo/checkout-sessions').send({ planCode: 'Smart', userId: 'u1' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['planCode', 'userId']);
  });

  it('is rate-limited per address like every keyless route', async () => {
    let last = 0;
    for (let i = 0; i < 22 && last !== 429; i++) {
      last = (await t.http.post('/v1/demo/checkout-sessions').send({ planCode: 'smart_quarterly' })).status;
    }
    expect(last).toBe(429);
  });
});
