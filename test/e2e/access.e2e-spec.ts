import { AccessService } from '../../src/access/access.service';
import { insertSubscription } from '../support/subscriptions';
import { startTestApp, TestApp } from '../support/test-app';

const NOV = '2026-11-15T12:00:00.000Z';
const NOV_RESET = '2026-11-30T18:30:00.000Z';

interface Decision {
  viewerId: string;
  userId?: string;
  articleId: string;
  access: 'free' | 'metered' | 'premium';
}

describe('access decisions', () => {
  let t: TestApp;
  let paywall: string;
  let admin: string;
  const count = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0].n as number;
  const readsOf = (viewerId: string) => count('SELECT count(*)::int AS n FROM article_reads WHERE viewer_id = $1', [viewerId]);
  const usedOf = async (viewerId: string) =>
    (await t.dataSource.query('SELECT used FROM meter_counters WHERE viewer_id = $1', [viewerId])).map((r: { used: number }) => r.used);
  const articlesOf = async (viewerId: string) =>
    (await t.dataSource.query('SELECT article_id FROM article_reads WHERE viewer_id = $1 ORDER BY article_id', [viewerId])).map(
      (r: { article_id: string }) => r.article_id,
    );
  const tableSizes = async () => ({
    reads: await count('SELECT count(*)::int AS n FROM article_reads'),
    counters: await count('SELECT count(*)::int AS n FROM meter_counters'),
    links: await count('SELECT count(*)::int AS n FROM meter_links'),
  });
  const decide = (body: Decision) =>
    t.http
      .post('/v1/access/decisions')
      .set('Authorization', paywall)
      .send(body)
      .expect(200)
      .then((r) => r.body);
  const anon = (viewerId: string, articleId: string) => decide({ viewerId, articleId, access: 'metered' });
  const signedIn = (viewerId: string, userId: string, articleId: string) => decide({ viewerId, userId, articleId, access: 'metered' });
  const settings = (body: Record<string, unknown>) => t.http.patch('/v1/admin/settings').set('Authorization', admin).send(body);

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    paywall = t.bearer(t.paywallKey);
    admin = t.bearer(t.adminKey);
  });
  beforeEach(async () => {
    t.clock.set(NOV);
    // Through the API, so this instance's settings cache is fresh.
    await settings({
      freeArticleLimit: 5,
      anonymousArticleLimit: 2,
      meteredBenefitCode: 'premium_stories',
      premiumBenefitCode: 'premium_stories',
    }).expect(200);
  });
  afterAll(() => t.close());

  it('free articles are granted to anyone and never counted', async () => {
    const before = await tableSizes();
    for (let i = 0; i < 4; i++) {
      expect(await decide({ viewerId: 'free-dev', articleId: `f${i}`, access: 'free' })).toEqual({
        granted: true,
        reason: 'free_article',
        wall: 'none',
        meter: null,
      });
      expect(await decide({ viewerId: 'free-dev', userId: 'free-user', articleId: `f${i}`, access: 'free' })).toEqual({
        granted: true,
        reason: 'free_article',
        wall: 'none',
        meter: null,
      });
    }
    // Free even for a device and a user already at their limits.
    await settings({ freeArticleLimit: 0, anonymousArticleLimit: 0 }).expect(200);
    expect(await decide({ viewerId: 'free-dev', articleId: 'f9', access: 'free' })).toMatchObject({ granted: true, reason: 'free_article' });
    expect(await tableSizes()).toEqual(before);
  });

  it('premium needs the premium benefit (a subscription or a grant), counts nothing, and follows premiumBenefitCode', async () => {
    const before = await tableSizes();
    const premium = (viewerId: string, userId?: string) =>
      decide({ viewerId, ...(userId ? { userId } : {}), articleId: 'deep-dive', access: 'premium' });
    const walled = { granted: false, reason: 'subscription_required', wall: 'subscription', meter: null };
    const entitled = { granted: true, reason: 'entitled', wall: 'none', meter: null };
    expect(await premium('prem-dev')).toEqual(walled);
    expect(await premium('prem-dev', 'prem-free-user')).toEqual(walled);

    await insertSubscription(t.dataSource, { userId: 'prem-sub', currentPeriodEnd: '2026-12-01T00:00:00.000Z', cancelAtPeriodEnd: true });
    expect(await premium('prem-dev', 'prem-sub')).toEqual(entitled);
    // Without userId the reader is anonymous, even on a device id equal to a subscriber's user id: devices hold nothing.
    expect(await premium('prem-sub')).toEqual(walled);
    await t.http
      .post('/v1/admin/users/prem-grant/grants')
      .set('Authorization', admin)
      .send({ benefitCode: 'premium_stories', expiresAt: '2026-12-31T00:00:00Z', reason: 'Press pass' })
      .expect(201);
    expect(await premium('prem-dev-2', 'prem-grant')).toEqual(entitled);
    // No read counted; the three walled viewers' months hold only the wall's stamp (for the paywall funnel), at 0 used.
    expect(await tableSizes()).toEqual({ ...before, counters: before.counters + 3 });
    expect([...(await usedOf('prem-dev')), ...(await usedOf('prem-free-user')), ...(await usedOf('prem-sub'))]).toEqual([0, 0, 0]);

    // Switch the premium benefit: the grant above no longer opens premium; an archives grant does.
    await t.http
      .post('/v1/admin/users/prem-archive/grants')
      .set('Authorization', admin)
      .send({ benefitCode: 'archives', expiresAt: '2026-12-31T00:00:00Z', reason: 'Archive trial' })
      .expect(201);
    expect(await premium('prem-dev-3', 'prem-archive')).toEqual(walled);
    await settings({ premiumBenefitCode: 'archives' }).expect(200);
    expect(await premium('prem-dev-3', 'prem-archive')).toEqual(entitled);
    // The subscriber's plan has archives too.
    expect(await premium('prem-dev', 'prem-sub')).toEqual(entitled);
    // Once the subscription ends, the wall again.
    t.clock.set('2026-12-01T00:00:00.000Z');
    expect(await premium('prem-dev', 'prem-sub')).toEqual(walled);
  });

  it('the wall: anonymous at anonymousArticleLimit meets registration, signs in and reads on against freeArticleLimit', async () => {
    const meter = (kind: string, freeLimit: number, used: number) => ({
      kind,
      freeLimit,
      used,
      remaining: Math.max(0, freeLimit - used),
      resetsAt: NOV_RESET,
    });
    expect(await anon('walk-dev', 'w1')).toEqual({ granted: true, reason: 'free_quota', wall: 'none', meter: meter('anonymous', 2, 1) });
    expect(await anon('walk-dev', 'w2')).toEqual({ granted: true, reason: 'free_quota', wall: 'none', meter: meter('anonymous', 2, 2) });
    expect(await anon('walk-dev', 'w3')).toEqual({
      granted: false,
      reason: 'registration_required',
      wall: 'registration',
      meter: meter('anonymous', 2, 2),
    });
    expect(await anon('walk-dev', 'w1')).toMatchObject({ granted: true, reason: 'free_quota', meter: meter('anonymous', 2, 2) });
    expect(await readsOf('walk-dev')).toBe(2);

    // Signed in: the device's two articles are carried over, then the registered limit applies.
    expect(await signedIn('walk-dev', 'walk-user', 'w3')).toEqual({
      granted: true,
      reason: 'free_quota',
      wall: 'none',
      meter: meter('registered', 5, 3),
    });
    expect(await signedIn('walk-dev', 'walk-user', 'w1')).toMatchObject({ granted: true, reason: 'free_quota', meter: meter('registered', 5, 3) });
    expect(await signedIn('walk-dev', 'walk-user', 'w4')).toMatchObject({ granted: true, meter: meter('registered', 5, 4) });
    expect(await signedIn('walk-dev', 'walk-user', 'w5')).toMatchObject({ granted: true, meter: meter('registered', 5, 5) });
    expect(await signedIn('walk-dev', 'walk-user', 'w6')).toEqual({
      granted: false,
      reason: 'limit_reached',
      wall: 'subscription',
      meter: meter('registered', 5, 5),
    });
    expect(await articlesOf('walk-user')).toEqual(['w1', 'w2', 'w3', 'w4', 'w5']);
    expect(await usedOf('walk-user')).toEqual([5]);
    expect(await articlesOf('walk-dev')).toEqual(['w1', 'w2']); // the device's own meter is left as it was

    // Once entitled, signed in they read metered articles without counting; anonymous on the same device they are metered.
    await t.http
      .post('/v1/admin/users/walk-user/grants')
      .set('Authorization', admin)
      .send({ benefitCode: 'premium_stories', expiresAt: '2026-12-31T00:00:00Z', reason: 'Subscribed elsewhere' })
      .expect(201);
    expect(await signedIn('walk-dev', 'walk-user', 'w7')).toEqual({
      granted: true,
      reason: 'entitled',
      wall: 'none',
      meter: meter('registered', 5, 5),
    });
    expect(await anon('walk-dev', 'w7')).toMatchObject({ granted: false, reason: 'registration_required' });
    expect(await readsOf('walk-user')).toBe(5);
  });

  it('without a registration wall: anonymousArticleLimit null shares freeArticleLimit; equal limits wall with subscription', async () => {
    await settings({ anonymousArticleLimit: null }).expect(200);
    for (let i = 1; i <= 5; i++)
      expect(await anon('nowall-dev', `n${i}`)).toMatchObject({ granted: true, meter: { kind: 'anonymous', freeLimit: 5, used: i } });
    expect(await anon('nowall-dev', 'n6')).toMatchObject({ granted: false, reason: 'limit_reached', wall: 'subscription' });
    await settings({ anonymousArticleLimit: 5 }).expect(200);
    expect(await anon('nowall-dev', 'n6')).toMatchObject({ granted: false, reason: 'limit_reached', wall: 'subscription', meter: { freeLimit: 5 } });
    await settings({ freeArticleLimit: 6 }).expect(200);
    expect(await anon('nowall-dev', 'n6')).toMatchObject({ granted: false, reason: 'registration_required', wall: 'registration' });
  });

  it('settings changes apply to the next decision', async () => {
    await anon('set-dev', 's1');
    await anon('set-dev', 's2');
    expect(await anon('set-dev', 's3')).toMatchObject({ granted: false, reason: 'registration_required' });
    await settings({ anonymousArticleLimit: 3 }).expect(200);
    expect(await anon('set-dev', 's3')).toMatchObject({ granted: true, reason: 'free_quota', meter: { freeLimit: 3, used: 3, remaining: 0 } });
    await settings({ freeArticleLimit: 3 }).expect(200);
    expect(await anon('set-dev', 's4')).toMatchObject({ granted: false, reason: 'limit_reached', wall: 'subscription' });
    await settings({ freeArticleLimit: 10, anonymousArticleLimit: 0 }).expect(200);
    expect(await anon('set-dev', 's1')).toMatchObject({ granted: true, reason: 'free_quota', meter: { freeLimit: 0, used: 3, remaining: 0 } });
    expect(await anon('set-dev', 's5')).toMatchObject({ granted: false, reason: 'registration_required', meter: { freeLimit: 0, used: 3 } });
    expect(await readsOf('set-dev')).toBe(3);
  });

  it('carry-over is a union (an article read on both counts once) and runs once per device, user and month', async () => {
    // The user read c2 and c3 on a laptop; on a phone, anonymously, c1 and c2.
    await signedIn('laptop', 'union-user', 'c2');
    await signedIn('laptop', 'union-user', 'c3');
    await anon('phone', 'c1');
    await anon('phone', 'c2');
    expect(await signedIn('phone', 'union-user', 'c1')).toMatchObject({
      granted: true,
      reason: 'free_quota',
      meter: { kind: 'registered', used: 3 },
    });
    expect(await articlesOf('union-user')).toEqual(['c1', 'c2', 'c3']);
    // Idempotent: more decisions signed in, and another read on the phone signed out, carry nothing again this month.
    for (const a of ['c1', 'c2', 'c3']) expect(await signedIn('phone', 'union-user', a)).toMatchObject({ meter: { used: 3 } });
    expect(await anon('phone', 'c9')).toMatchObject({ granted: false, reason: 'registration_required' });
    await settings({ anonymousArticleLimit: 3 }).expect(200);
    expect(await anon('phone', 'c9')).toMatchObject({ granted: true, meter: { kind: 'anonymous', used: 3 } });
    expect(await signedIn('phone', 'union-user', 'c4')).toMatchObject({ granted: true, meter: { used: 4 } });
    expect(await articlesOf('union-user')).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(await usedOf('union-user')).toEqual([4]);
    expect(await count(`SELECT count(*)::int AS n FROM meter_links WHERE user_id = 'union-user'`)).toBe(2);

    // Next month the meters start afresh, and the phone is carried over again (its December reads).
    t.clock.set('2026-12-10T00:00:00.000Z');
    await anon('phone', 'd1');
    expect(await signedIn('phone', 'union-user', 'd2')).toMatchObject({ meter: { used: 2, resetsAt: '2026-12-31T18:30:00.000Z' } });
    expect(await t.dataSource.query(`SELECT period, used FROM meter_counters WHERE viewer_id = 'union-user' ORDER BY period`)).toEqual([
      { period: '2026-11', used: 4 },
      { period: '2026-12', used: 2 },
    ]);
  });

  it('a union may take the user past freeArticleLimit: carried articles stay re-readable, no new one opens', async () => {
    await settings({ freeArticleLimit: 3, anonymousArticleLimit: 2 }).expect(200);
    for (const a of ['p1', 'p2', 'p3']) await signedIn('over-laptop', 'over-user', a);
    expect(await signedIn('over-laptop', 'over-user', 'p4')).toMatchObject({ granted: false, reason: 'limit_reached' });
    await anon('over-phone', 'q1');
    await anon('over-phone', 'q2');
    expect(await signedIn('over-phone', 'over-user', 'q1')).toEqual({
      granted: true,
      reason: 'free_quota',
      wall: 'none',
      meter: { kind: 'registered', freeLimit: 3, used: 5, remaining: 0, resetsAt: NOV_RESET },
    });
    // This instance had the user's month complete at the limit in memory; the carry-over forgot it: q2 is a re-read.
    expect(await signedIn('over-laptop', 'over-user', 'q2')).toMatchObject({ granted: true, reason: 'free_quota', meter: { used: 5 } });
    expect(await signedIn('over-laptop', 'over-user', 'p4')).toMatchObject({ granted: false, reason: 'limit_reached', meter: { used: 5 } });
    expect(await usedOf('over-user')).toEqual([5]);
  });

  it('400 with stable codes for a bad body, ids outside the rule and a bad access; nothing is stored', async () => {
    await anon('bad-dev', 'seen'); // so a refused request could not be mistaken for an empty meter
    const before = await tableSizes();
    const cases: Record<string, unknown>[] = [
      {},
      { viewerId: 'v', articleId: 'a' },
      { viewerId: 'v', articleId: 'a', access: 'paid' },
      { viewerId: 'v', articleId: 'a', access: 'METERED' },
      { viewerId: 'v', articleId: 'a', access: null },
      { viewerId: 'v', articleId: 'a', access: 1 },
      { viewerId: 'has space', articleId: 'a', access: 'metered' },
      { viewerId: 'x'.repeat(201), articleId: 'a', access: 'metered' },
      { viewerId: 'bad-dev', userId: 'has space', articleId: 'a', access: 'metered' },
      { viewerId: 'bad-dev', userId: '', articleId: 'a', access: 'metered' },
      { viewerId: 'bad-dev', userId: null, articleId: 'a', access: 'metered' },
      { viewerId: 'bad-dev', userId: 'u/1', articleId: 'a', access: 'premium' },
      { viewerId: 'bad-dev', articleId: 'a b', access: 'metered' },
      { viewerId: 'bad-dev', articleId: 'a', access: 'metered', extra: 1 },
    ];
    for (const body of cases) {
      const res = await t.http.post('/v1/access/decisions').set('Authorization', paywall).send(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    const res = await t.http
      .post('/v1/access/decisions')
      .set('Authorization', paywall)
      .send({ viewerId: 'v', userId: 'a b', articleId: 'a', access: 'x' });
    expect(res.body.details).toEqual([
      { field: 'userId', message: 'userId must be 1-200 characters of A-Z a-z 0-9 . _ : @ | + -' },
      { field: 'access', message: 'access must be one of free, metered, premium' },
    ]);
    expect(await tableSizes()).toEqual(before);
    await t.http.post('/v1/access/decisions').send({ viewerId: 'v', articleId: 'a', access: 'free' }).expect(401);
    await t.http.post('/v1/access/decisions').set('Authorization', admin).send({ viewerId: 'v', articleId: 'a', access: 'free' }).expect(200);
  });

  it('settings: GET/PATCH show and take the new fields, audited; anonymousArticleLimit above freeArticleLimit is a 400', async () => {
    const patched = await settings({ freeArticleLimit: 8, anonymousArticleLimit: 4, premiumBenefitCode: 'epaper' }).expect(200);
    expect(patched.body).toEqual({
      freeArticleLimit: 8,
      anonymousArticleLimit: 4,
      meteredBenefitCode: 'premium_stories',
      premiumBenefitCode: 'epaper',
      updatedAt: expect.any(String),
    });
    expect((await t.http.get('/v1/admin/settings').set('Authorization', admin).expect(200)).body).toEqual(patched.body);
    const audit = await t.http.get('/v1/admin/audit-log?entityType=settings').set('Authorization', admin).expect(200);
    expect(audit.body.entries[0]).toMatchObject({
      action: 'settings.update',
      before: { freeArticleLimit: 5, anonymousArticleLimit: 2, premiumBenefitCode: 'premium_stories' },
      after: { freeArticleLimit: 8, anonymousArticleLimit: 4, premiumBenefitCode: 'epaper' },
    });

    const auditCount = await count('SELECT count(*)::int AS n FROM audit_log');
    const cases: [Record<string, unknown>, string][] = [
      [{ anonymousArticleLimit: 9 }, 'ANONYMOUS_LIMIT_ABOVE_FREE_LIMIT'],
      [{ freeArticleLimit: 3 }, 'ANONYMOUS_LIMIT_ABOVE_FREE_LIMIT'],
      [{ freeArticleLimit: 2, anonymousArticleLimit: 3 }, 'ANONYMOUS_LIMIT_ABOVE_FREE_LIMIT'],
      [{ anonymousArticleLimit: -1 }, 'VALIDATION_FAILED'],
      [{ anonymousArticleLimit: 1001 }, 'VALIDATION_FAILED'],
      [{ anonymousArticleLimit: 1.5 }, 'VALIDATION_FAILED'],
      [{ anonymousArticleLimit: '3' }, 'VALIDATION_FAILED'],
      [{ premiumBenefitCode: null }, 'VALIDATION_FAILED'],
      [{ premiumBenefitCode: 'no_such_benefit' }, 'UNKNOWN_BENEFIT'],
      [{ anonymousArticleLimit: 1, premiumBenefitCode: 'no_such_benefit' }, 'UNKNOWN_BENEFIT'],
    ];
    for (const [body, code] of cases) {
      const res = await settings(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code });
    }
    expect((await t.http.get('/v1/admin/settings').set('Authorization', admin).expect(200)).body).toEqual(patched.body);
    expect(await count('SELECT count(*)::int AS n FROM audit_log')).toBe(auditCount);

    // Both limits in one call, in either direction; null lifts the registration wall.
    expect((await settings({ freeArticleLimit: 2, anonymousArticleLimit: 1 }).expect(200)).body).toMatchObject({
      freeArticleLimit: 2,
      anonymousArticleLimit: 1,
    });
    expect((await settings({ freeArticleLimit: 20, anonymousArticleLimit: 20 }).expect(200)).body).toMatchObject({
      freeArticleLimit: 20,
      anonymousArticleLimit: 20,
    });
    expect((await settings({ anonymousArticleLimit: null }).expect(200)).body).toMatchObject({ freeArticleLimit: 20, anonymousArticleLimit: null });
    expect((await settings({ freeArticleLimit: 0 }).expect(200)).body).toMatchObject({ freeArticleLimit: 0, anonymousArticleLimit: null });
  });

  it('race: 30 concurrent decisions by one device for 30 articles at a limit of 5 grant exactly 5 and store 5', async () => {
    await settings({ anonymousArticleLimit: 5, freeArticleLimit: 10 }).expect(200);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.http
          .post('/v1/access/decisions')
          .set('Authorization', paywall)
          .send({ viewerId: 'race-dev', articleId: `r${i}`, access: 'metered' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(results.filter((r) => r.body.granted).length).toBe(5);
    expect(results.filter((r) => !r.body.granted).every((r) => r.body.reason === 'registration_required')).toBe(true);
    expect(await readsOf('race-dev')).toBe(5);
    expect(await usedOf('race-dev')).toEqual([5]);
  });

  it('race: 30 concurrent signed-in decisions for 30 articles at a limit of 5 grant exactly 5', async () => {
    await settings({ freeArticleLimit: 5, anonymousArticleLimit: 5 }).expect(200);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.http
          .post('/v1/access/decisions')
          .set('Authorization', paywall)
          .send({ viewerId: `race-dev-${i % 3}`, userId: 'race-user', articleId: `r${i}`, access: 'metered' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(results.filter((r) => r.body.granted).length).toBe(5);
    expect(await readsOf('race-user')).toBe(5);
    expect(await usedOf('race-user')).toEqual([5]);
  });

  // Called in one tick on the service (as the meter's race tests do), so every sign-in looks for its link before any
  // is made: the user-month lock and meter_links' key are what keep the count right.
  it('race: two devices signing in as one user at the same moment leave a count equal to the size of the union', async () => {
    await settings({ freeArticleLimit: 10, anonymousArticleLimit: 4 }).expect(200);
    for (const a of ['u1', 'u2', 'u3']) await anon('twin-a', a);
    for (const a of ['u3', 'u4', 'u5', 'u6']) await anon('twin-b', a);
    await Promise.all(Array.from({ length: 12 }, () => t.dataSource.query('SELECT 1')));
    const access = t.app.get(AccessService);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        access.decide({ viewerId: i % 2 ? 'twin-a' : 'twin-b', userId: 'twin-user', articleId: i % 2 ? 'u1' : 'u6', access: 'metered' }),
      ),
    );
    expect(results.every((r) => r.granted && r.reason === 'free_quota')).toBe(true);
    expect(await articlesOf('twin-user')).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    expect(await usedOf('twin-user')).toEqual([6]);
    expect(await count(`SELECT count(*)::int AS n FROM meter_links WHERE user_id = 'twin-user'`)).toBe(2);
    expect((await signedIn('twin-a', 'twin-user', 'u7')).meter).toMatchObject({ used: 7 });
  });

  it('race over HTTP: two devices signing in as one user at once, with reads of new articles, count the union plus the new', async () => {
    await settings({ freeArticleLimit: 20, anonymousArticleLimit: 5 }).expect(200);
    for (const a of ['h1', 'h2', 'h3']) await anon('http-a', a);
    for (const a of ['h2', 'h3', 'h4']) await anon('http-b', a);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.http
          .post('/v1/access/decisions')
          .set('Authorization', paywall)
          .send({ viewerId: i % 2 ? 'http-a' : 'http-b', userId: 'http-user', articleId: `new-${i % 4}`, access: 'metered' }),
      ),
    );
    expect(results.map((r) => [r.status, r.body.granted])).toEqual(Array(10).fill([200, true]));
    expect(await articlesOf('http-user')).toEqual(['h1', 'h2', 'h3', 'h4', 'new-0', 'new-1', 'new-2', 'new-3']);
    expect(await usedOf('http-user')).toEqual([8]);
  });

  it('documents the route, its body and every reason and wall in the OpenAPI spec', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const op = doc.paths['/v1/access/decisions'].post;
    const schemaOf = (ref: string) => doc.components.schemas[ref.split('/').pop()!];
    const body = schemaOf(op.requestBody.content['application/json'].schema.$ref);
    expect(body.required).toEqual(['viewerId', 'articleId', 'access']);
    expect(body.properties.access.enum).toEqual(['free', 'metered', 'premium']);
    expect(body.properties.userId.pattern).toBe(body.properties.viewerId.pattern);
    const answer = schemaOf(op.responses['200'].content['application/json'].schema.$ref);
    expect(answer.properties.reason.enum).toEqual([
      'free_article',
      'entitled',
      'free_quota',
      'registration_required',
      'subscription_required',
      'limit_reached',
    ]);
    for (const reason of answer.properties.reason.enum) expect(answer.properties.reason.description).toContain(reason);
    expect(answer.properties.wall.enum).toEqual(['none', 'registration', 'subscription']);
    expect(JSON.stringify(answer.properties.meter)).toContain('"nullable":true');
    expect(op.description).toContain('union');
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '403', '429']);
  });
});
