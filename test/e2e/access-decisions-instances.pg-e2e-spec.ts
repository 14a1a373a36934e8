import { AccessService } from '../../src/access/access.service';
import type { TestApp } from '../support/test-app';
import { startTwoInstances, type TwoInstances } from '../support/two-instances';

// Two service instances on one PostgreSQL database. A long CACHE_TTL_SECONDS, so what each instance keeps in memory
// (settings, meter months, links) stays kept for the whole file: the database must be what keeps them right.
const NOW = '2026-11-15T12:00:00.000Z';

describe('access decisions across two instances', () => {
  let two: TwoInstances;
  let a: TestApp;
  let b: TestApp;
  const decide = (t: TestApp, viewerId: string, userId: string | undefined, articleId: string) =>
    t.http
      .post('/v1/access/decisions')
      .set('Authorization', t.bearer(t.paywallKey))
      .send({ viewerId, ...(userId ? { userId } : {}), articleId, access: 'metered' });
  const articlesOf = async (viewerId: string) =>
    (await a.dataSource.query('SELECT article_id FROM article_reads WHERE viewer_id = $1 ORDER BY article_id', [viewerId])).map(
      (r: { article_id: string }) => r.article_id,
    );
  const usedOf = async (viewerId: string) =>
    (await a.dataSource.query('SELECT used FROM meter_counters WHERE viewer_id = $1', [viewerId])).map((r: { used: number }) => r.used);

  beforeAll(async () => {
    two = await startTwoInstances({
      env: { CACHE_TTL_SECONDS: '60' },
      beforeSecond: (first) =>
        first.http
          .patch('/v1/admin/settings')
          .set('Authorization', first.bearer(first.adminKey))
          .send({ freeArticleLimit: 6, anonymousArticleLimit: 5 })
          .expect(200)
          .then(() => undefined),
    });
    ({ a, b } = two);
  });
  beforeEach(() => {
    a.clock.set(NOW);
    b.clock.set(NOW);
  });
  afterAll(() => two?.close());

  it('30 concurrent decisions by one device for 30 articles, split over both, grant exactly 5 and store 5', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => decide(i % 2 ? a : b, 'split-dev', undefined, `r${i}`)));
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(results.filter((r) => r.body.granted).length).toBe(5);
    expect(results.filter((r) => !r.body.granted).every((r) => r.body.reason === 'registration_required')).toBe(true);
    expect((await articlesOf('split-dev')).length).toBe(5);
    expect(await usedOf('split-dev')).toEqual([5]);
  });

  it('30 concurrent signed-in decisions for 30 articles, split over both, grant exactly 6 (the registered limit)', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => decide(i % 2 ? a : b, `split-user-dev-${i % 4}`, 'split-user', `r${i}`)));
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(results.filter((r) => r.body.granted).length).toBe(6);
    expect((await articlesOf('split-user')).length).toBe(6);
    expect(await usedOf('split-user')).toEqual([6]);
  });

  it('two devices signing in as one user at the same moment, one on each instance, leave the union size', async () => {
    // Five users, so the race is run five times; each device's anonymous reads overlap the other's by one article.
    for (let u = 0; u < 5; u++) {
      for (const x of ['x1', 'x2', 'x3']) expect((await decide(a, `pair-${u}-a`, undefined, x)).status).toBe(200);
      for (const x of ['x3', 'x4']) expect((await decide(b, `pair-${u}-b`, undefined, x)).status).toBe(200);
    }
    await Promise.all([a, b].flatMap((t) => Array.from({ length: 10 }, () => t.dataSource.query('SELECT 1'))));
    const services = [a.app.get(AccessService), b.app.get(AccessService)];
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, u) =>
        Array.from({ length: 4 }, (_, i) =>
          services[i % 2].decide({ viewerId: `pair-${u}-${i % 2 ? 'b' : 'a'}`, userId: `pair-user-${u}`, articleId: 'x1', access: 'metered' }),
        ),
      ).flat(),
    );
    expect(results.every((r) => r.granted && r.reason === 'free_quota')).toBe(true);
    for (let u = 0; u < 5; u++) {
      expect({ u, articles: await articlesOf(`pair-user-${u}`), used: await usedOf(`pair-user-${u}`) }).toEqual({
        u,
        articles: ['x1', 'x2', 'x3', 'x4'],
        used: [4],
      });
    }
    const [{ n }] = await a.dataSource.query(`SELECT count(*)::int AS n FROM meter_links WHERE user_id LIKE 'pair-user-%'`);
    expect(n).toBe(10);
  });

  it('an article carried over on one instance is a re-read on the other, which had the user at the limit in memory', async () => {
    for (let i = 1; i <= 6; i++) expect((await decide(b, 'laptop', 'mem-user', `p${i}`)).body).toMatchObject({ granted: true, meter: { used: i } });
    // B now keeps the user's month complete at the limit: a new article is refused from its memory.
    expect((await decide(b, 'laptop', 'mem-user', 'p7')).body).toMatchObject({ granted: false, reason: 'limit_reached' });
    await decide(a, 'phone', undefined, 'q1');
    await decide(a, 'phone', undefined, 'q2');
    expect((await decide(a, 'phone', 'mem-user', 'q1')).body).toMatchObject({ granted: true, reason: 'free_quota', meter: { used: 8 } });
    expect((await decide(b, 'laptop', 'mem-user', 'q2')).body).toMatchObject({ granted: true, reason: 'free_quota', meter: { used: 8 } });
    expect((await decide(b, 'laptop', 'mem-user', 'p7')).body).toMatchObject({ granted: false, reason: 'limit_reached', meter: { used: 8 } });
    expect(await usedOf('mem-user')).toEqual([8]);
  });
});
