import { MeteringService } from '../../src/metering/metering.service';
import { USER_ID_DESCRIPTION, USER_ID_PATTERN } from '../../src/common/ids';
import { insertSubscription } from '../support/subscriptions';
import { startTestApp, TestApp } from '../support/test-app';

const NOV = '2026-11-15T12:00:00.000Z';
const NOV_RESET = '2026-11-30T18:30:00.000Z';

describe('metering and settings', () => {
  let t: TestApp;
  let paywall: string;
  let admin: string;
  const count = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0].n as number;
  const readsOf = (viewerId: string) => count('SELECT count(*)::int AS n FROM article_reads WHERE viewer_id = $1', [viewerId]);
  const read = (viewerId: string, articleId: string) =>
    t.http
      .post('/v1/meter/reads')
      .set('Authorization', paywall)
      .send({ viewerId, articleId })
      .expect(200)
      .then((r) => r.body);
  const setLimit = (freeArticleLimit: number) =>
    t.http.patch('/v1/admin/settings').set('Authorization', admin).send({ freeArticleLimit }).expect(200);

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    paywall = t.bearer(t.paywallKey);
    admin = t.bearer(t.adminKey);
  });
  beforeEach(async () => {
    t.clock.set(NOV);
    await t.dataSource.query(`UPDATE settings SET free_article_limit = 5, metered_benefit_code = 'premium_stories' WHERE id = 1`);
    await setLimit(5); // through the API too, so this instance's settings cache is fresh
  });
  afterAll(() => t.close());

  it('counts each distinct article once, re-reads are free, a new article past the limit is refused and not counted', async () => {
    const answers = [];
    for (let i = 1; i <= 5; i++) answers.push(await read('anon-1', `article-${i}`));
    expect(answers.map((a) => [a.allowed, a.reason, a.used, a.remaining])).toEqual([
      [true, 'free_quota', 1, 4],
      [true, 'free_quota', 2, 3],
      [true, 'free_quota', 3, 2],
      [true, 'free_quota', 4, 1],
      [true, 'free_quota', 5, 0],
    ]);
    expect(answers[0]).toEqual({ allowed: true, reason: 'free_quota', freeLimit: 5, used: 1, remaining: 4, resetsAt: NOV_RESET });
    expect(await read('anon-1', 'article-6')).toEqual({
      allowed: false,
      reason: 'limit_reached',
      freeLimit: 5,
      used: 5,
      remaining: 0,
      resetsAt: NOV_RESET,
    });
    expect(await read('anon-1', 'article-3')).toMatchObject({ allowed: true, reason: 'free_quota', used: 5 });
    expect(await readsOf('anon-1')).toBe(5);
    const stored = await t.dataSource.query(`SELECT article_id FROM article_reads WHERE viewer_id = 'anon-1' ORDER BY article_id`);
    expect(stored.map((r: { article_id: string }) => r.article_id)).toEqual(['article-1', 'article-2', 'article-3', 'article-4', 'article-5']);
  });

  it('is keyed by the calendar month in Asia/Kolkata: 18:29:59Z on Nov 30 is November, 18:30:00Z is December', async () => {
    t.clock.set('2026-11-01T00:00:00.000Z'); // 05:30 IST on Nov 1
    for (let i = 1; i <= 5; i++) await read('month-edge', `a${i}`);
    t.clock.set('2026-11-30T18:29:59.000Z');
    expect(await read('month-edge', 'a6')).toEqual({
      allowed: false,
      reason: 'limit_reached',
      freeLimit: 5,
      used: 5,
      remaining: 0,
      resetsAt: '2026-11-30T18:30:00.000Z',
    });
    t.clock.set('2026-11-30T18:30:00.000Z');
    expect(await read('month-edge', 'a6')).toEqual({
      allowed: true,
      reason: 'free_quota',
      freeLimit: 5,
      used: 1,
      remaining: 4,
      resetsAt: '2026-12-31T18:30:00.000Z',
    });
    // In December an article read in November counts afresh.
    expect(await read('month-edge', 'a1')).toMatchObject({ reason: 'free_quota', used: 2 });
    const periods = await t.dataSource.query(`SELECT period, used FROM meter_counters WHERE viewer_id = 'month-edge' ORDER BY period`);
    expect(periods).toEqual([
      { period: '2026-11', used: 5 },
      { period: '2026-12', used: 2 },
    ]);
  });

  it('lets an entitled viewer read everything without counting, and meters them again once access ends', async () => {
    await insertSubscription(t.dataSource, { userId: 'subscriber', currentPeriodEnd: '2026-12-01T00:00:00.000Z', cancelAtPeriodEnd: true });
    for (let i = 1; i <= 8; i++) {
      expect(await read('subscriber', `s${i}`)).toEqual({
        allowed: true,
        reason: 'entitled',
        freeLimit: 5,
        used: 0,
        remaining: 5,
        resetsAt: NOV_RESET,
      });
    }
    expect(await readsOf('subscriber')).toBe(0);
    t.clock.set('2026-12-01T00:00:00.000Z');
    expect(await read('subscriber', 's1')).toMatchObject({ allowed: true, reason: 'free_quota', used: 1 });
  });

  it('a staff grant of the metered benefit also lifts the meter', async () => {
    await t.http
      .post('/v1/admin/users/comp-reader/grants')
      .set('Authorization', admin)
      .send({ benefitCode: 'premium_stories', expiresAt: '2026-12-31T00:00:00Z', reason: 'Press pass' })
      .expect(201);
    await setLimit(0);
    expect(await read('comp-reader', 'x')).toMatchObject({ allowed: true, reason: 'entitled' });
    expect(await read('anon-hard', 'x')).toMatchObject({ allowed: false, reason: 'limit_reached', freeLimit: 0, used: 0, remaining: 0 });
    expect(await count(`SELECT count(*)::int AS n FROM meter_counters WHERE viewer_id = 'anon-hard'`)).toBe(0);
  });

  it('a viewer at the limit (answered from memory) who is then granted the metered benefit reads at once', async () => {
    for (let i = 1; i <= 5; i++) await read('at-limit', `p${i}`);
    expect(await read('at-limit', 'p6')).toMatchObject({ allowed: false, reason: 'limit_reached' });
    expect(await read('at-limit', 'p7')).toMatchObject({ allowed: false, reason: 'limit_reached' });
    expect(await read('at-limit', 'p1')).toMatchObject({ allowed: true, reason: 'free_quota', used: 5 });
    await t.http
      .post('/v1/admin/users/at-limit/grants')
      .set('Authorization', admin)
      .send({ benefitCode: 'premium_stories', expiresAt: '2026-12-31T00:00:00Z', reason: 'Goodwill' })
      .expect(201);
    expect(await read('at-limit', 'p6')).toMatchObject({ allowed: true, reason: 'entitled', used: 5 });
    expect(await readsOf('at-limit')).toBe(5);
  });

  it('limit 0 is a hard paywall, yet an article already counted this month can be re-read', async () => {
    await read('was-free', 'counted-before');
    await setLimit(0);
    expect(await read('was-free', 'new-one')).toMatchObject({ allowed: false, reason: 'limit_reached', freeLimit: 0, used: 1, remaining: 0 });
    expect(await read('was-free', 'counted-before')).toMatchObject({ allowed: true, reason: 'free_quota', used: 1 });
    expect(await readsOf('was-free')).toBe(1);
  });

  it('applies a changed limit and metered benefit to the next read', async () => {
    for (let i = 1; i <= 2; i++) await read('limit-change', `l${i}`);
    await setLimit(2);
    expect(await read('limit-change', 'l3')).toMatchObject({ allowed: false, freeLimit: 2, used: 2 });
    await setLimit(3);
    expect(await read('limit-change', 'l3')).toMatchObject({ allowed: true, freeLimit: 3, used: 3, remaining: 0 });

    // A subscriber's plan has epaper but the grant below is for archives only: switch the metered benefit.
    await t.http
      .post('/v1/admin/users/archive-fan/grants')
      .set('Authorization', admin)
      .send({ benefitCode: 'archives', expiresAt: '2026-12-31T00:00:00Z', reason: 'Archive trial' })
      .expect(201);
    expect(await read('archive-fan', 'z1')).toMatchObject({ reason: 'free_quota' });
    await t.http.patch('/v1/admin/settings').set('Authorization', admin).send({ meteredBenefitCode: 'archives' }).expect(200);
    expect(await read('archive-fan', 'z2')).toMatchObject({ reason: 'entitled', used: 1 });
  });

  it('GET/PATCH settings, audited; bad values are 400 and change nothing', async () => {
    const got = await t.http.get('/v1/admin/settings').set('Authorization', admin).expect(200);
    expect(got.body).toEqual({
      freeArticleLimit: 5,
      anonymousArticleLimit: null,
      meteredBenefitCode: 'premium_stories',
      premiumBenefitCode: 'premium_stories',
      updatedAt: expect.any(String),
    });
    const patched = await t.http
      .patch('/v1/admin/settings')
      .set('Authorization', admin)
      .send({ freeArticleLimit: 1000, meteredBenefitCode: 'epaper' })
      .expect(200);
    expect(patched.body).toMatchObject({ freeArticleLimit: 1000, meteredBenefitCode: 'epaper' });
    const audit = await t.http.get('/v1/admin/audit-log?entityType=settings').set('Authorization', admin).expect(200);
    expect(audit.body.entries[0]).toMatchObject({
      action: 'settings.update',
      actor: 'test-admin',
      before: { freeArticleLimit: 5, meteredBenefitCode: 'premium_stories' },
      after: { freeArticleLimit: 1000, meteredBenefitCode: 'epaper' },
    });

    const auditCount = await count('SELECT count(*)::int AS n FROM audit_log');
    const cases: [Record<string, unknown>, string][] = [
      [{ freeArticleLimit: -1 }, 'VALIDATION_FAILED'],
      [{ freeArticleLimit: 1001 }, 'VALIDATION_FAILED'],
      [{ freeArticleLimit: 2.5 }, 'VALIDATION_FAILED'],
      [{ freeArticleLimit: '5' }, 'VALIDATION_FAILED'],
      [{ meteredBenefitCode: 'no_such_benefit' }, 'UNKNOWN_BENEFIT'],
      [{ freeArticleLimit: 3, meteredBenefitCode: 'no_such_benefit' }, 'UNKNOWN_BENEFIT'],
      [{ freeArticleLimit: 3, other: true }, 'VALIDATION_FAILED'],
      [{}, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const res = await t.http.patch('/v1/admin/settings').set('Authorization', admin).send(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code });
    }
    const row = await t.dataSource.query('SELECT free_article_limit, metered_benefit_code FROM settings WHERE id = 1');
    expect(row).toEqual([{ free_article_limit: 1000, metered_benefit_code: 'epaper' }]);
    expect(await count('SELECT count(*)::int AS n FROM audit_log')).toBe(auditCount);
    await t.http.patch('/v1/admin/settings').set('Authorization', paywall).send({ freeArticleLimit: 1 }).expect(403);
  });

  it('rejects bad meter reads with 400 and stores nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM article_reads');
    for (const body of [
      {},
      { viewerId: 'v' },
      { articleId: 'a' },
      { viewerId: '', articleId: 'a' },
      { viewerId: 'v', articleId: '' },
      { viewerId: 'has space', articleId: 'a' },
      { viewerId: 'v', articleId: 'a b' },
      { viewerId: 'v', articleId: 'x'.repeat(301) },
      { viewerId: 7, articleId: 'a' },
      { viewerId: 'v', articleId: 'a', extra: 1 },
    ]) {
      const res = await t.http.post('/v1/meter/reads').set('Authorization', paywall).send(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    const res = await t.http.post('/v1/meter/reads').set('Authorization', paywall).send({ articleId: 'a b', extra: 1 });
    expect(res.body.details).toEqual([
      { field: 'viewerId', message: `viewerId must be ${USER_ID_DESCRIPTION}` },
      { field: 'extra', message: 'property extra should not exist' },
      { field: 'articleId', message: 'articleId must be 1-300 characters without whitespace' },
    ]);
    expect(await count('SELECT count(*)::int AS n FROM article_reads')).toBe(before);
    // The key is checked before the body: no key is a 401 whatever the body.
    await t.http.post('/v1/meter/reads').send({ viewerId: 'v', articleId: 'a' }).expect(401);
    await t.http.post('/v1/meter/reads').send({ viewerId: 'has space' }).expect(401);
  });

  it('documents the read body in the OpenAPI spec (validated by a JSON Schema pipe, not a class-validator DTO)', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const ref = doc.paths['/v1/meter/reads'].post.requestBody.content['application/json'].schema.$ref as string;
    const schema = doc.components.schemas[ref.split('/').pop()!];
    expect(schema.required).toEqual(['viewerId', 'articleId']);
    expect(schema.properties.viewerId.pattern).toBe(USER_ID_PATTERN.source);
    expect(schema.properties.articleId.pattern).toBe('^\\S{1,300}$');
  });

  // The race tests use viewers with no counter yet: most of their reads find none at the first look, so they race on
  // creating it in one statement and the losers fall back to the locked path.
  it("race: a brand-new viewer's 20 concurrent reads of 20 new articles with limit 5 allow exactly 5 and store exactly 5", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.http
          .post('/v1/meter/reads')
          .set('Authorization', paywall)
          .send({ viewerId: 'racer', articleId: `r${i}` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(results.filter((r) => r.body.allowed).length).toBe(5);
    expect(results.filter((r) => r.body.reason === 'limit_reached').length).toBe(15);
    expect(await readsOf('racer')).toBe(5);
    expect(await count(`SELECT used AS n FROM meter_counters WHERE viewer_id = 'racer'`)).toBe(5);
  });

  it('race: 20 brand-new viewers reading at once are each counted exactly once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => read(`fresh-${i}`, `f${i}`)));
    expect(results.map((r) => [r.allowed, r.reason, r.used, r.remaining])).toEqual(Array(20).fill([true, 'free_quota', 1, 4]));
    const rows = await t.dataSource.query(
      `SELECT c.viewer_id, c.used, array_agg(r.article_id) AS articles FROM meter_counters c
       JOIN article_reads r USING (viewer_id, period) WHERE c.viewer_id LIKE 'fresh-%' GROUP BY c.viewer_id, c.used`,
    );
    expect(rows.length).toBe(20);
    for (const row of rows) expect(row).toEqual({ viewer_id: row.viewer_id, used: 1, articles: [`f${row.viewer_id.slice(6)}`] });
  });

  it('a brand-new viewer with limit 1 gets one article, then the next is refused; with limit 0 nothing is stored', async () => {
    await setLimit(1);
    expect(await read('fresh-one', 'o1')).toMatchObject({ allowed: true, reason: 'free_quota', freeLimit: 1, used: 1, remaining: 0 });
    expect(await read('fresh-one', 'o2')).toMatchObject({ allowed: false, reason: 'limit_reached', used: 1 });
    expect(await read('fresh-one', 'o1')).toMatchObject({ allowed: true, reason: 'free_quota', used: 1 });
    expect(await readsOf('fresh-one')).toBe(1);

    await setLimit(0);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => read('fresh-zero', `z${i}`)));
    expect(results.map((r) => [r.allowed, r.reason, r.used])).toEqual(Array(5).fill([false, 'limit_reached', 0]));
    expect(await readsOf('fresh-zero')).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM meter_counters WHERE viewer_id = 'fresh-zero'`)).toBe(0);
  });

  // Over HTTP each request arrives a little later than the one before (supertest listens anew per request), so the
  // first often commits before the others look. Called in one tick, every read takes the first look before any counts:
  // all find no counter, all try to create it, one does and the others wait for it, then take the locked path.
  // The pool's connections are opened first: else the first read counts while the others wait for a connection.
  const inOneTick = async (n: number, viewerId: string, articleOf: (i: number) => string) => {
    await Promise.all(Array.from({ length: n }, () => t.dataSource.query('SELECT 1')));
    const metering = t.app.get(MeteringService);
    return Promise.all(Array.from({ length: n }, (_, i) => metering.read(viewerId, articleOf(i))));
  };
  it("race in one tick: a brand-new viewer's 20 reads of 20 articles, limit 5, allow exactly 5 and store exactly 5", async () => {
    const results = await inOneTick(20, 'tick-racer', (i) => `t${i}`);
    expect(
      results
        .filter((r) => r.allowed)
        .map((r) => r.used)
        .sort(),
    ).toEqual([1, 2, 3, 4, 5]);
    expect(results.filter((r) => !r.allowed).every((r) => r.reason === 'limit_reached' && r.used === 5)).toBe(true);
    expect(await readsOf('tick-racer')).toBe(5);
    expect(await count(`SELECT used AS n FROM meter_counters WHERE viewer_id = 'tick-racer'`)).toBe(5);
  });

  it("race in one tick: a brand-new viewer's 10 reads of one article count it once", async () => {
    const results = await inOneTick(10, 'tick-same', () => 'one');
    expect(results.map((r) => [r.allowed, r.reason, r.used])).toEqual(Array(10).fill([true, 'free_quota', 1]));
    expect(await readsOf('tick-same')).toBe(1);
    expect(await count(`SELECT used AS n FROM meter_counters WHERE viewer_id = 'tick-same'`)).toBe(1);
  });

  it("race: a brand-new viewer's 10 concurrent reads of one article count it once", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => t.http.post('/v1/meter/reads').set('Authorization', paywall).send({ viewerId: 'same', articleId: 'one' })),
    );
    expect(results.map((r) => [r.status, r.body.allowed, r.body.used])).toEqual(Array(10).fill([200, true, 1]));
    expect(await readsOf('same')).toBe(1);
    expect(await count(`SELECT used AS n FROM meter_counters WHERE viewer_id = 'same'`)).toBe(1);
  });
});
