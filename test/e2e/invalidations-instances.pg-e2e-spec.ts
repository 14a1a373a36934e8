import { adminQuery } from '../support/db-config';
import type { TestApp } from '../support/test-app';
import { startTwoInstances, type TwoInstances } from '../support/two-instances';
import { LISTENER_APPLICATION_NAME } from '../../src/database/notification-listener';

// Two service instances on one PostgreSQL database with caches kept for CACHE_TTL_SECONDS=300: a revocation or a
// settings change made on one instance must still reach the other within a second, carried by LISTEN/NOTIFY
// (access-instances.pg-e2e-spec.ts covers the TTL bound itself, with CACHE_TTL_SECONDS=1).
const WITHIN_MS = 1000;

/** Polls `probe` until it returns true; fails if that takes longer than WITHIN_MS. Resolves to the time it took. */
async function within(probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - started;
    if (Date.now() - started > WITHIN_MS) throw new Error(`not seen within ${WITHIN_MS} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('invalidations across two instances, with caches kept for minutes', () => {
  let two: TwoInstances;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    two = await startTwoInstances({ env: { CACHE_TTL_SECONDS: '300' } });
    ({ a, b } = two);
  });
  afterAll(() => two?.close());

  const granted = (t: TestApp, userId: string, code: string) =>
    t.http
      .get(`/v1/users/${userId}/entitlements/${code}`)
      .set('Authorization', t.bearer(t.paywallKey))
      .expect(200)
      .then((r) => r.body.granted as boolean);

  const grant = async (userId: string) => {
    const res = await a.http
      .post(`/v1/admin/users/${userId}/grants`)
      .set('Authorization', a.bearer(a.adminKey))
      .send({ benefitCode: 'epaper', expiresAt: '2099-01-01T00:00:00Z', reason: 'Two instances' })
      .expect(201);
    return res.body.id as string;
  };

  /** Revokes a grant with SQL, as another process might: no invalidation is published. */
  const revokeBehindTheService = (id: string) => a.dataSource.query(`UPDATE grants SET revoked_at = now() WHERE id = $1`, [id]);

  /** Terminates both instances' LISTEN connections (their pools are left alone). */
  const dropListeners = () =>
    adminQuery([
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
      [new URL(a.db.url!).pathname.slice(1), LISTENER_APPLICATION_NAME],
    ]);

  it('a grant revoked on one instance stops on the other within a second', async () => {
    expect(await granted(b, 'inv-grant', 'epaper')).toBe(false); // B caches the facts without the grant...
    const id = await grant('inv-grant');
    await within(() => granted(b, 'inv-grant', 'epaper')); // ...and forgets them when the grant commits
    await a.http.delete(`/v1/admin/users/inv-grant/grants/${id}`).set('Authorization', a.bearer(a.adminKey)).expect(204);
    expect(await granted(a, 'inv-grant', 'epaper')).toBe(false);
    await within(async () => !(await granted(b, 'inv-grant', 'epaper')));
  });

  it('an API key revoked on one instance is refused by the other within a second', async () => {
    const created = await a.http
      .post('/v1/admin/api-keys')
      .set('Authorization', a.bearer(a.adminKey))
      .send({ name: 'short-lived', role: 'paywall' })
      .expect(201);
    const key = b.bearer(created.body.key);
    await b.http.get('/v1/users/u1/entitlements').set('Authorization', key).expect(200); // cached as valid on B
    await a.http.delete(`/v1/admin/api-keys/${created.body.id}`).set('Authorization', a.bearer(a.adminKey)).expect(204);
    await within(async () => (await b.http.get('/v1/users/u1/entitlements').set('Authorization', key)).status === 401);
    const refused = await b.http.get('/v1/users/u1/entitlements').set('Authorization', key).expect(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
  });

  it('a settings change made on one instance applies to the other’s decisions within a second', async () => {
    const limitOn = (t: TestApp) =>
      t.http
        .get('/v1/admin/settings')
        .set('Authorization', t.bearer(t.adminKey))
        .expect(200)
        .then(() =>
          t.http
            .post('/v1/meter/reads')
            .set('Authorization', t.bearer(t.paywallKey))
            .send({ viewerId: 'inv-settings', articleId: 'a1' })
            .expect(200)
            .then((r) => r.body.freeLimit as number),
        );
    expect(await limitOn(b)).toBe(5); // cached on B
    await a.http.patch('/v1/admin/settings').set('Authorization', a.bearer(a.adminKey)).send({ freeArticleLimit: 7 }).expect(200);
    await within(async () => (await limitOn(b)) === 7);
    await a.http.patch('/v1/admin/settings').set('Authorization', a.bearer(a.adminKey)).send({ freeArticleLimit: 5 }).expect(200);
    await within(async () => (await limitOn(b)) === 5);
  });

  it('a write that fails and rolls back sends nothing: the other instance keeps its cache', async () => {
    const id = await grant('inv-rollback');
    await within(() => granted(b, 'inv-rollback', 'epaper'));
    expect(await granted(a, 'inv-rollback', 'epaper')).toBe(true);
    await revokeBehindTheService(id); // no notice: both keep their cached facts
    // A grant refused (unknown benefit) publishes its invalidation in its transaction, which then rolls back.
    await a.http
      .post('/v1/admin/users/inv-rollback/grants')
      .set('Authorization', a.bearer(a.adminKey))
      .send({ benefitCode: 'no_such_benefit', expiresAt: '2099-01-01T00:00:00Z', reason: 'Rolled back' })
      .expect(400);
    expect(await granted(a, 'inv-rollback', 'epaper')).toBe(true); // not even the writer forgot
    await new Promise((r) => setTimeout(r, 300));
    expect(await granted(b, 'inv-rollback', 'epaper')).toBe(true);
  });

  it('after its LISTEN connection drops, an instance reconnects and clears its caches (notices sent meanwhile are lost)', async () => {
    // B caches the facts without the grant first, so seeing it granted means A's notice has reached B: a notice still
    // on its way would otherwise clear the facts B loaded with the grant, and B would see the revocation below early.
    expect(await granted(b, 'inv-drop', 'epaper')).toBe(false);
    const id = await grant('inv-drop');
    await within(() => granted(b, 'inv-drop', 'epaper'));
    // A revocation written by another process sends no notice: B keeps its cached facts (for CACHE_TTL_SECONDS)...
    await revokeBehindTheService(id);
    expect(await granted(b, 'inv-drop', 'epaper')).toBe(true);
    // ...until its LISTEN connection drops: it cannot know what it missed, so once back it forgets everything.
    await dropListeners();
    await within(async () => !(await granted(b, 'inv-drop', 'epaper')));
    // And it listens again: the next revocation arrives as a notice.
    const next = await grant('inv-drop-2');
    await within(() => granted(b, 'inv-drop-2', 'epaper'));
    await a.http.delete(`/v1/admin/users/inv-drop-2/grants/${next}`).set('Authorization', a.bearer(a.adminKey)).expect(204);
    await within(async () => !(await granted(b, 'inv-drop-2', 'epaper')));
  });
});
