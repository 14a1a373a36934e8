import { DEMO_BENEFITS } from '../../src/catalog/demo-catalog';
import { EntitlementsRepository } from '../../src/entitlements/entitlements.repository';
import { insertSubscription } from '../support/subscriptions';
import { startTestApp, TestApp } from '../support/test-app';

const NOW = '2026-11-15T12:00:00.000Z';
const PERIOD_END = '2026-12-01T00:00:00.000Z';
const ALL_CODES = DEMO_BENEFITS.map((b) => b.code).sort();

describe('entitlements and staff grants', () => {
  let t: TestApp;
  let paywall: string;
  let admin: string;
  const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    paywall = t.bearer(t.paywallKey);
    admin = t.bearer(t.adminKey);
  });
  beforeEach(() => t.clock.set(NOW));
  afterAll(() => t.close());

  const entitlements = (userId: string) => t.http.get(`/v1/users/${userId}/entitlements`).set('Authorization', paywall).expect(200);
  const check = (userId: string, code: string) => t.http.get(`/v1/users/${userId}/entitlements/${code}`).set('Authorization', paywall).expect(200);
  const grant = (userId: string, body: Record<string, unknown>) =>
    t.http.post(`/v1/admin/users/${userId}/grants`).set('Authorization', admin).send(body);

  it('a subscriber gets the plan benefits until period end + leeway, decided at request time', async () => {
    const sub = await insertSubscription(t.dataSource, {
      userId: 'sub-user',
      currentPeriodStart: '2026-09-01T00:00:00.000Z',
      currentPeriodEnd: PERIOD_END,
    });
    const res = await entitlements('sub-user');
    expect(res.body).toEqual({
      userId: 'sub-user',
      active: true,
      benefits: ALL_CODES.map((code) => ({ code, source: 'subscription', expiresAt: '2026-12-03T00:00:00.000Z' })),
      subscription: {
        id: sub.id,
        stripeSubscriptionId: sub.stripeSubscriptionId,
        planCode: 'smart_quarterly',
        status: 'active',
        price: { amountMinor: 90000, currency: 'INR', formatted: '₹900' },
        currentPeriodStart: '2026-09-01T00:00:00.000Z',
        currentPeriodEnd: PERIOD_END,
        cancelAtPeriodEnd: false,
        canceledAt: null,
        endedAt: null,
        autoRenews: true,
        offer: null,
        trialEnd: null,
      },
    });
    expect((await check('sub-user', 'premium_stories')).body).toEqual({
      granted: true,
      source: 'subscription',
      expiresAt: '2026-12-03T00:00:00.000Z',
    });

    // No webhook comes: inside the 48 h leeway access stays, past it access ends (the facts may be cached; the
    // decision is not).
    t.clock.set('2026-12-02T23:59:59.000Z');
    expect((await check('sub-user', 'premium_stories')).body.granted).toBe(true);
    t.clock.set('2026-12-03T00:00:00.000Z');
    expect((await check('sub-user', 'premium_stories')).body).toEqual({ granted: false, source: null, expiresAt: null });
    const lapsed = await entitlements('sub-user');
    expect(lapsed.body).toMatchObject({ active: false, benefits: [], subscription: { id: sub.id, status: 'active' } });
  });

  it('loads the facts of concurrent cache misses in a few batched statements, each user getting their own', async () => {
    const subIds: string[] = [];
    for (let i = 0; i < 10; i++) subIds.push((await insertSubscription(t.dataSource, { userId: `batch-sub-${i}`, currentPeriodEnd: PERIOD_END })).id);
    for (let i = 0; i < 10; i++) {
      await grant(`batch-grant-${i}`, { benefitCode: 'epaper', expiresAt: `2026-12-${String(10 + i)}T00:00:00Z`, reason: 'batch' }).expect(201);
    }
    const repository = t.app.get(EntitlementsRepository);
    const query = jest.spyOn(t.dataSource, 'query');
    try {
      const users = [...Array(10).keys()].flatMap((i) => [`batch-sub-${i}`, `batch-grant-${i}`, `batch-none-${i}`]);
      const facts = await Promise.all(users.map((u) => repository.loadFacts(u)));
      const statements = query.mock.calls.filter(([sql]) => String(sql).includes('unnest')).length;
      expect(statements).toBeGreaterThanOrEqual(1);
      expect(statements).toBeLessThanOrEqual(3);
      facts.forEach((f, n) => {
        const [kind, i] = [users[n].split('-')[1], Number(users[n].split('-')[2])];
        expect({ user: users[n], subs: f.subscriptions.map((s) => s.id), grants: f.grants.map((g) => g.expiresAt.toISOString()) }).toEqual({
          user: users[n],
          subs: kind === 'sub' ? [subIds[i]] : [],
          grants: kind === 'grant' ? [`2026-12-${10 + i}T00:00:00.000Z`] : [],
        });
      });
    } finally {
      query.mockRestore();
    }
  });

  it('a user with neither gets nothing', async () => {
    expect((await entitlements('nobody')).body).toEqual({ userId: 'nobody', active: false, benefits: [], subscription: null });
    expect((await check('nobody', 'premium_stories')).body).toEqual({ granted: false, source: null, expiresAt: null });
  });

  it('an unknown benefit code is not granted', async () => {
    await insertSubscription(t.dataSource, { userId: 'sub-user-2', currentPeriodEnd: PERIOD_END });
    expect((await check('sub-user-2', 'no_such_benefit')).body).toEqual({ granted: false, source: null, expiresAt: null });
  });

  it('a cancelling subscription ends exactly at period end; past_due keeps the grace; canceled gives nothing', async () => {
    await insertSubscription(t.dataSource, { userId: 'cancelling', currentPeriodEnd: PERIOD_END, cancelAtPeriodEnd: true });
    await insertSubscription(t.dataSource, { userId: 'late-payer', status: 'past_due', currentPeriodEnd: PERIOD_END });
    await insertSubscription(t.dataSource, {
      userId: 'gone',
      status: 'canceled',
      currentPeriodEnd: PERIOD_END,
      canceledAt: '2026-11-10T00:00:00.000Z',
    });
    const cancelling = await check('cancelling', 'epaper');
    expect(cancelling.body).toEqual({ granted: true, source: 'subscription', expiresAt: PERIOD_END });
    expect((await entitlements('cancelling')).body.subscription.autoRenews).toBe(false);
    expect((await check('late-payer', 'epaper')).body.expiresAt).toBe('2026-12-08T00:00:00.000Z');
    const gone = await entitlements('gone');
    expect(gone.body).toMatchObject({ active: false, benefits: [], subscription: { status: 'canceled', canceledAt: '2026-11-10T00:00:00.000Z' } });

    t.clock.set(PERIOD_END);
    expect((await check('cancelling', 'epaper')).body.granted).toBe(false);
    t.clock.set('2026-12-07T23:59:59.000Z');
    expect((await check('late-payer', 'epaper')).body.granted).toBe(true);
    t.clock.set('2026-12-08T00:00:00.000Z');
    expect((await check('late-payer', 'epaper')).body.granted).toBe(false);
  });

  it('a subscription on an archived plan keeps its benefits', async () => {
    await insertSubscription(t.dataSource, { userId: 'archived-plan-user', planCode: 'super_saver', currentPeriodEnd: PERIOD_END });
    await t.dataSource.query(`UPDATE plans SET status = 'archived' WHERE code = 'super_saver'`);
    const res = await entitlements('archived-plan-user');
    expect(res.body.benefits.map((b: { code: string }) => b.code)).toEqual(ALL_CODES);
    expect(res.body.subscription).toMatchObject({ planCode: 'super_saver', price: { amountMinor: 390000, formatted: '₹3,900' } });
  });

  it('a grant alone gives its benefit until it expires', async () => {
    const created = await grant('granted-user', { benefitCode: 'nyt_access', expiresAt: '2026-11-20T00:00:00Z', reason: 'Goodwill' }).expect(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      userId: 'granted-user',
      benefitCode: 'nyt_access',
      expiresAt: '2026-11-20T00:00:00.000Z',
      reason: 'Goodwill',
      createdAt: expect.any(String),
    });
    const res = await entitlements('granted-user');
    expect(res.body).toEqual({
      userId: 'granted-user',
      active: true,
      benefits: [{ code: 'nyt_access', source: 'grant', expiresAt: '2026-11-20T00:00:00.000Z' }],
      subscription: null,
    });
    expect((await check('granted-user', 'premium_stories')).body.granted).toBe(false);
    t.clock.set('2026-11-20T00:00:00.000Z');
    expect((await check('granted-user', 'nyt_access')).body.granted).toBe(false);
  });

  it('with both, a grant adds and the latest expiry wins per benefit', async () => {
    await insertSubscription(t.dataSource, { userId: 'both', planCode: 'smart_essential', currentPeriodEnd: PERIOD_END });
    await grant('both', { benefitCode: 'premium_stories', expiresAt: '2027-03-01T00:00:00Z', reason: 'Longer comp' }).expect(201);
    await grant('both', { benefitCode: 'epaper', expiresAt: '2026-11-20T00:00:00Z', reason: 'Shorter than the plan' }).expect(201);
    const res = await entitlements('both');
    const byCode = Object.fromEntries(res.body.benefits.map((b: { code: string }) => [b.code, b]));
    expect(Object.keys(byCode).sort()).toEqual(ALL_CODES);
    expect(byCode.premium_stories).toEqual({ code: 'premium_stories', source: 'grant', expiresAt: '2027-03-01T00:00:00.000Z' });
    expect(byCode.epaper).toEqual({ code: 'epaper', source: 'subscription', expiresAt: '2026-12-03T00:00:00.000Z' });
    expect(res.body.subscription.planCode).toBe('smart_essential');

    // After the subscription lapses the longer grant still gives its one benefit.
    t.clock.set('2026-12-10T00:00:00.000Z');
    const later = await entitlements('both');
    expect(later.body.benefits).toEqual([{ code: 'premium_stories', source: 'grant', expiresAt: '2027-03-01T00:00:00.000Z' }]);
  });

  it('lists and revokes grants, audited; a revoked grant stops at once on this instance', async () => {
    const a = await grant('revokee', { benefitCode: 'archives', expiresAt: '2027-01-01T00:00:00Z', reason: 'Trial of archives' }).expect(201);
    const b = await grant('revokee', { benefitCode: 'ad_free', expiresAt: '2027-01-01T00:00:00Z', reason: 'Second' }).expect(201);
    expect((await check('revokee', 'archives')).body.granted).toBe(true);

    const list = await t.http.get('/v1/admin/users/revokee/grants').set('Authorization', admin).expect(200);
    expect(list.body.grants.map((g: { id: string }) => g.id).sort()).toEqual([a.body.id, b.body.id].sort());
    expect(list.body.grants[0]).toMatchObject({ userId: 'revokee', createdBy: 'test-admin', revokedAt: null });

    await t.http.delete(`/v1/admin/users/revokee/grants/${a.body.id}`).set('Authorization', admin).expect(204);
    expect((await check('revokee', 'archives')).body.granted).toBe(false);
    expect((await check('revokee', 'ad_free')).body.granted).toBe(true);
    // Revoking again is harmless and not audited twice.
    await t.http.delete(`/v1/admin/users/revokee/grants/${a.body.id}`).set('Authorization', admin).expect(204);

    const after = await t.http.get('/v1/admin/users/revokee/grants').set('Authorization', admin).expect(200);
    expect(after.body.grants.find((g: { id: string }) => g.id === a.body.id).revokedAt).toEqual(expect.any(String));

    const audit = await t.http.get(`/v1/admin/audit-log?entityType=grant&entityId=${a.body.id}`).set('Authorization', admin).expect(200);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['grant.revoke', 'grant.create']);
    expect(audit.body.entries[0]).toMatchObject({ actor: 'test-admin', before: { revokedAt: null }, after: { revokedAt: expect.any(String) } });
    expect(audit.body.entries[1]).toMatchObject({ before: null, after: { benefitCode: 'archives', reason: 'Trial of archives' } });
  });

  it('refuses bad grants with a 400 and a stable code, writing nothing', async () => {
    const grantsBefore = await count('grants');
    const auditBefore = await count('audit_log');
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ benefitCode: 'no_such_benefit', expiresAt: '2027-01-01T00:00:00Z', reason: 'x' }, 'UNKNOWN_BENEFIT', 'benefitCode'],
      [{ benefitCode: 'epaper', expiresAt: '2026-11-15T12:00:00Z', reason: 'now is not the future' }, 'VALIDATION_FAILED', 'expiresAt'],
      [{ benefitCode: 'epaper', expiresAt: '2026-01-01T00:00:00Z', reason: 'past' }, 'VALIDATION_FAILED', 'expiresAt'],
      [{ benefitCode: 'epaper', expiresAt: '2027-01-01', reason: 'no time' }, 'VALIDATION_FAILED', 'expiresAt'],
      [{ benefitCode: 'epaper', expiresAt: '2027-01-01T00:00:00', reason: 'no zone' }, 'VALIDATION_FAILED', 'expiresAt'],
      [{ benefitCode: 'epaper', expiresAt: 'tomorrow', reason: 'x' }, 'VALIDATION_FAILED', 'expiresAt'],
      [{ benefitCode: 'epaper', expiresAt: '2027-01-01T00:00:00Z' }, 'VALIDATION_FAILED', 'reason'],
      [{ benefitCode: 'epaper', expiresAt: '2027-01-01T00:00:00Z', reason: '' }, 'VALIDATION_FAILED', 'reason'],
      [{ benefitCode: 42, expiresAt: '2027-01-01T00:00:00Z', reason: 'x' }, 'VALIDATION_FAILED', 'benefitCode'],
      [{ benefitCode: 'epaper', expiresAt: '2027-01-01T00:00:00Z', reason: 'x', userId: 'other' }, 'VALIDATION_FAILED', 'userId'],
    ];
    for (const [body, code, field] of cases) {
      const res = await grant('bad-grants', body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code });
      if (field) expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(await count('grants')).toBe(grantsBefore);
    expect(await count('audit_log')).toBe(auditBefore);
  });

  it('answers 404 GRANT_NOT_FOUND for an unknown grant, a malformed id and another user’s grant', async () => {
    const theirs = await grant('owner', { benefitCode: 'epaper', expiresAt: '2027-01-01T00:00:00Z', reason: 'x' }).expect(201);
    for (const path of [
      '/v1/admin/users/owner/grants/5b0c8d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e',
      '/v1/admin/users/owner/grants/not-a-uuid',
      `/v1/admin/users/someone-else/grants/${theirs.body.id}`,
    ]) {
      const res = await t.http.delete(path).set('Authorization', admin);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'GRANT_NOT_FOUND' });
    }
    expect((await check('owner', 'epaper')).body.granted).toBe(true);
  });

  it('guards the routes: entitlements need a paywall or admin key, grants an admin key; bad user ids are 400', async () => {
    await t.http.get('/v1/users/u1/entitlements').expect(401);
    await t.http.get('/v1/users/u1/entitlements/epaper').set('Authorization', 'Bearer tg_paywall_nope').expect(401);
    await t.http.get('/v1/users/u1/entitlements/epaper').set('Authorization', admin).expect(200);
    const forbidden = await t.http.get('/v1/admin/users/u1/grants').set('Authorization', paywall).expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    const bad = await t.http.get('/v1/users/has%20space/entitlements').set('Authorization', paywall).expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'userId' }] });
    await t.http
      .get(`/v1/users/${'x'.repeat(201)}/entitlements/epaper`)
      .set('Authorization', paywall)
      .expect(400);
  });

  it('GET /v1/ping is a keyed no-op', async () => {
    expect((await t.http.get('/v1/ping').set('Authorization', paywall).expect(200)).body).toEqual({ ok: true });
    await t.http.get('/v1/ping').set('Authorization', admin).expect(200);
    expect((await t.http.get('/v1/ping').expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/users/{userId}/entitlements',
        '/v1/users/{userId}/entitlements/{benefitCode}',
        '/v1/admin/users/{userId}/grants',
        '/v1/admin/users/{userId}/grants/{id}',
        '/v1/ping',
      ]),
    );
  });
});
