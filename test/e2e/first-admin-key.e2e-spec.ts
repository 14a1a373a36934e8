import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { ApiKeysService, FIRST_ADMIN_KEY_NAME } from '../../src/api-keys/api-keys.service';
import { startTestApp, TestApp } from '../support/test-app';

// The decision behind the first start's printed admin key (src/main.ts); test/unit/processes.spec.ts runs the real start.
describe('first admin key', () => {
  let t: TestApp;
  let keys: ApiKeysService;
  beforeAll(async () => {
    t = await startTestApp();
    keys = t.app.get(ApiKeysService);
  });
  afterAll(() => t.close());

  const activeAdmins = async () => (await keys.list()).filter((k) => k.role === 'admin' && !k.revokedAt);
  const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  it('creates nothing while an active admin key exists', async () => {
    const [apiKeys, audit] = [await count('api_keys'), await count('audit_log')];
    expect(await keys.createFirstAdminKey(SYSTEM_ACTOR)).toBeNull();
    expect([await count('api_keys'), await count('audit_log')]).toEqual([apiKeys, audit]);
  });

  it('with no active admin key, creates one that signs in to the admin API, audited as the system; once only', async () => {
    for (const k of await activeAdmins()) await keys.revoke(SYSTEM_ACTOR, k.id);
    // Two starts racing on one database: one key between them.
    // Open the pool's connections first, so that the calls below overlap rather than queue behind connection setup.
    await Promise.all(Array.from({ length: 4 }, () => t.dataSource.query('SELECT pg_sleep(0.05)')));
    const results = await Promise.all(Array.from({ length: 4 }, () => keys.createFirstAdminKey(SYSTEM_ACTOR)));
    const created = results.filter((r) => r !== null);
    expect(created).toHaveLength(1);
    const first = created[0]!;
    expect(first).toMatchObject({ name: FIRST_ADMIN_KEY_NAME, role: 'admin', revokedAt: null });
    expect(first.key).toMatch(/^tg_admin_[A-Za-z0-9_-]{32}$/);
    await t.http.get('/v1/admin/audit-log?limit=1').set('Authorization', t.bearer(first.key)).expect(200);

    const audit = await t.dataSource.query(`SELECT actor, actor_key_id, action, after FROM audit_log WHERE entity_id = $1`, [first.id]);
    expect(audit).toEqual([
      { actor: 'system', actor_key_id: null, action: 'api_key.create', after: expect.objectContaining({ name: FIRST_ADMIN_KEY_NAME }) },
    ]);
    expect(JSON.stringify(audit)).not.toContain(first.key);

    expect(await keys.createFirstAdminKey(SYSTEM_ACTOR)).toBeNull();
    expect((await activeAdmins()).map((k) => k.id)).toEqual([first.id]);
  });
});
