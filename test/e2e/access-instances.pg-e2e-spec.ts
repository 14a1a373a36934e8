import { insertSubscription } from '../support/subscriptions';
import type { TestApp } from '../support/test-app';
import { startTwoInstances, type TwoInstances } from '../support/two-instances';

// Two service instances on one PostgreSQL database, each with its own per-instance caches bounded by
// CACHE_TTL_SECONDS=1: what one instance writes must reach the other within that bound.
const TTL_MS = 1000;
const pastTtl = () => new Promise((r) => setTimeout(r, TTL_MS + 250));
const NOW = '2026-11-15T12:00:00.000Z';

describe('entitlements, keys, settings and the meter across two instances', () => {
  let two: TwoInstances;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    two = await startTwoInstances({ env: { CACHE_TTL_SECONDS: '1' } });
    ({ a, b } = two);
  });
  beforeEach(() => {
    a.clock.set(NOW);
    b.clock.set(NOW);
  });
  afterAll(() => two?.close());

  const check = (t: TestApp, userId: string, code: string) =>
    t.http
      .get(`/v1/users/${userId}/entitlements/${code}`)
      .set('Authorization', t.bearer(t.paywallKey))
      .expect(200)
      .then((r) => r.body);

  it('a grant revoked on one instance stops on the other within CACHE_TTL_SECONDS', async () => {
    const created = await a.http
      .post('/v1/admin/users/multi/grants')
      .set('Authorization', a.bearer(a.adminKey))
      .send({ benefitCode: 'epaper', expiresAt: '2027-01-01T00:00:00Z', reason: 'Two instances' })
      .expect(201);
    await pastTtl();
    expect((await check(b, 'multi', 'epaper')).granted).toBe(true); // B has now cached the facts with the grant
    await a.http.delete(`/v1/admin/users/multi/grants/${created.body.id}`).set('Authorization', a.bearer(a.adminKey)).expect(204);
    expect((await check(a, 'multi', 'epaper')).granted).toBe(false); // at once where it was revoked
    await pastTtl();
    expect((await check(b, 'multi', 'epaper')).granted).toBe(false); // within the bound elsewhere
  });

  it('a subscription change written by another process reaches both instances within CACHE_TTL_SECONDS', async () => {
    expect((await check(a, 'late-sub', 'premium_stories')).granted).toBe(false);
    expect((await check(b, 'late-sub', 'premium_stories')).granted).toBe(false);
    await insertSubscription(a.dataSource, { userId: 'late-sub', currentPeriodEnd: '2026-12-01T00:00:00.000Z' });
    await pastTtl();
    expect((await check(a, 'late-sub', 'premium_stories')).granted).toBe(true);
    expect((await check(b, 'late-sub', 'premium_stories')).granted).toBe(true);
  });

  it('an API key revoked on one instance is refused by the other within CACHE_TTL_SECONDS', async () => {
    const created = await a.http
      .post('/v1/admin/api-keys')
      .set('Authorization', a.bearer(a.adminKey))
      .send({ name: 'short-lived', role: 'paywall' })
      .expect(201);
    const key = a.bearer(created.body.key);
    await b.http.get('/v1/users/u1/entitlements').set('Authorization', key).expect(200); // cached as valid on B
    await a.http.delete(`/v1/admin/api-keys/${created.body.id}`).set('Authorization', a.bearer(a.adminKey)).expect(204);
    await a.http.get('/v1/users/u1/entitlements').set('Authorization', key).expect(401);
    await pastTtl();
    const refused = await b.http.get('/v1/users/u1/entitlements').set('Authorization', key).expect(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
  });

  it('a settings change made on one instance applies to the other’s reads within CACHE_TTL_SECONDS', async () => {
    const read = (t: TestApp, articleId: string) =>
      t.http
        .post('/v1/meter/reads')
        .set('Authorization', t.bearer(t.paywallKey))
        .send({ viewerId: 'set-multi', articleId })
        .expect(200)
        .then((r) => r.body);
    expect((await read(b, 'x1')).freeLimit).toBe(5);
    await a.http.patch('/v1/admin/settings').set('Authorization', a.bearer(a.adminKey)).send({ freeArticleLimit: 1 }).expect(200);
    await pastTtl();
    expect(await read(b, 'x2')).toMatchObject({ allowed: false, reason: 'limit_reached', freeLimit: 1, used: 1 });
    await a.http.patch('/v1/admin/settings').set('Authorization', a.bearer(a.adminKey)).send({ freeArticleLimit: 5 }).expect(200);
    await pastTtl();
  });

  it('race across instances: 20 concurrent reads of 20 new articles, split over both, allow exactly 5 and store 5', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const t = i % 2 ? a : b;
        return t.http
          .post('/v1/meter/reads')
          .set('Authorization', t.bearer(t.paywallKey))
          .send({ viewerId: 'split-racer', articleId: `r${i}` });
      }),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(results.filter((r) => r.body.allowed).length).toBe(5);
    const [{ n }] = await a.dataSource.query(`SELECT count(*)::int AS n FROM article_reads WHERE viewer_id = 'split-racer'`);
    expect(n).toBe(5);
    const [{ used }] = await a.dataSource.query(`SELECT used FROM meter_counters WHERE viewer_id = 'split-racer'`);
    expect(used).toBe(5);
  });

  it('race across instances: 10 concurrent reads of one article, split over both, count it once', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const t = i % 2 ? a : b;
        return t.http.post('/v1/meter/reads').set('Authorization', t.bearer(t.paywallKey)).send({ viewerId: 'split-same', articleId: 'one' });
      }),
    );
    expect(results.map((r) => [r.status, r.body.allowed, r.body.used])).toEqual(Array(10).fill([200, true, 1]));
    const [{ n }] = await a.dataSource.query(`SELECT count(*)::int AS n FROM article_reads WHERE viewer_id = 'split-same'`);
    expect(n).toBe(1);
  });
});
