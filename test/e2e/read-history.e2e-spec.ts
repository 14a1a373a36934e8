import { validateEnv } from '../../src/config/env.schema';
import { ReadHistoryService } from '../../src/metering/read-history.service';
import { startTestApp, TestApp } from '../support/test-app';

describe('read history: retention and erasure', () => {
  let t: TestApp;
  let admin: string;
  const rows = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params)) as Record<string, unknown>[];
  const periodsOf = async (table: string) =>
    (await rows(`SELECT period, count(*)::int AS n FROM ${table} GROUP BY period ORDER BY period`)).map((r) => `${r.period}:${r.n}`);
  const decide = (viewerId: string, userId: string | undefined, articleId: string) =>
    t.http
      .post('/v1/access/decisions')
      .set('Authorization', t.bearer(t.paywallKey))
      .send({ viewerId, ...(userId ? { userId } : {}), articleId, access: 'metered' })
      .expect(200)
      .then((r) => r.body);

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    admin = t.bearer(t.adminKey);
  });
  afterAll(() => t.close());

  it('READ_HISTORY_MONTHS is validated at boot (default 3, 1-120)', () => {
    expect(validateEnv({}).READ_HISTORY_MONTHS).toBe(3);
    expect(validateEnv({ READ_HISTORY_MONTHS: '12' }).READ_HISTORY_MONTHS).toBe(12);
    for (const bad of ['0', '121', 'x', '1.5']) expect(() => validateEnv({ READ_HISTORY_MONTHS: bad })).toThrow(/READ_HISTORY_MONTHS/);
  });

  it('the daily run deletes reads, counters and links of months before the kept ones, once a day, in batches', async () => {
    // August to November: a device read and its sign-in (a link) each month; mid-month in Asia/Kolkata.
    for (const month of ['08', '09', '10', '11']) {
      t.clock.set(`2026-${month}-15T12:00:00.000Z`);
      await decide('keep-dev', undefined, `a-${month}`);
      await decide('keep-dev', 'keep-user', `b-${month}`);
    }
    // More old reads than one delete batch holds.
    await t.dataSource.query(
      `INSERT INTO article_reads (viewer_id, period, article_id) SELECT 'bulk-' || (i % 100), '2026-07', 'x' || i FROM generate_series(1, 12345) i`,
    );
    const history = t.app.get(ReadHistoryService);
    t.clock.set('2026-11-20T03:00:00.000Z');
    const run = await history.runRetention();
    expect(run).toEqual({
      day: '2026-11-20',
      oldestKept: '2026-09',
      deleted: { article_reads: 12345 + 3, meter_counters: 2, meter_links: 1 },
    });
    expect(await periodsOf('article_reads')).toEqual(['2026-09:3', '2026-10:3', '2026-11:3']);
    expect(await periodsOf('meter_counters')).toEqual(['2026-09:2', '2026-10:2', '2026-11:2']);
    expect(await periodsOf('meter_links')).toEqual(['2026-09:1', '2026-10:1', '2026-11:1']);

    // Once a day: later the same UTC day nothing runs, even with something to delete.
    await t.dataSource.query(`INSERT INTO article_reads (viewer_id, period, article_id) VALUES ('late', '2026-01', 'z')`);
    t.clock.set('2026-11-20T23:59:59.000Z');
    expect(await history.runRetention()).toBeNull();
    expect(await periodsOf('article_reads')).toEqual(['2026-01:1', '2026-09:3', '2026-10:3', '2026-11:3']);

    // The next month's first run moves the window on by one month.
    t.clock.set('2026-12-01T00:00:00.000Z'); // 05:30 in Kolkata: December
    expect(await history.runRetention()).toMatchObject({
      day: '2026-12-01',
      oldestKept: '2026-10',
      deleted: { article_reads: 4, meter_counters: 2, meter_links: 1 },
    });
    expect(await periodsOf('article_reads')).toEqual(['2026-10:3', '2026-11:3']);
    expect(await rows(`SELECT job, day, result FROM job_runs ORDER BY day`)).toEqual([
      { job: 'read-history-retention', day: '2026-11-20', result: { article_reads: 12348, meter_counters: 2, meter_links: 1 } },
      { job: 'read-history-retention', day: '2026-12-01', result: { article_reads: 4, meter_counters: 2, meter_links: 1 } },
    ]);
    // The meter still works on what was kept: November's re-read is free, the count continues.
    t.clock.set('2026-11-25T12:00:00.000Z');
    expect(await decide('keep-dev', 'keep-user', 'b-11')).toMatchObject({ granted: true, meter: { used: 2 } });
  });

  it('DELETE /v1/admin/viewers/{viewerId}/reading-history erases one viewer, is audited, and the meter starts afresh', async () => {
    t.clock.set('2026-11-26T12:00:00.000Z');
    await t.http.patch('/v1/admin/settings').set('Authorization', admin).send({ freeArticleLimit: 2, anonymousArticleLimit: null }).expect(200);
    await decide('erase-dev', undefined, 'e1');
    await decide('erase-dev', undefined, 'e2');
    expect(await decide('erase-dev', undefined, 'e3')).toMatchObject({ granted: false, reason: 'limit_reached' }); // kept in memory at the limit
    await decide('erase-dev', 'erase-user', 'e1');
    await decide('other-dev', undefined, 'o1');
    const before = await rows('SELECT count(*)::int AS n FROM article_reads');

    for (const [id, status, code] of [
      ['has space', 400, 'VALIDATION_FAILED'],
      ['x'.repeat(201), 400, 'VALIDATION_FAILED'],
    ] as const) {
      const res = await t.http.delete(`/v1/admin/viewers/${encodeURIComponent(id)}/reading-history`).set('Authorization', admin);
      expect({ id, status: res.status, code: res.body.code }).toEqual({ id, status, code });
    }
    await t.http.delete('/v1/admin/viewers/erase-dev/reading-history').set('Authorization', t.bearer(t.paywallKey)).expect(403);
    expect(await rows('SELECT count(*)::int AS n FROM article_reads')).toEqual(before);

    await t.http.delete('/v1/admin/viewers/erase-dev/reading-history').set('Authorization', admin).expect(204);
    expect(await rows(`SELECT viewer_id FROM article_reads WHERE viewer_id = 'erase-dev'`)).toEqual([]);
    expect(await rows(`SELECT viewer_id FROM meter_counters WHERE viewer_id = 'erase-dev'`)).toEqual([]);
    expect(await rows(`SELECT device_id FROM meter_links WHERE device_id = 'erase-dev'`)).toEqual([]);
    // The user's month (with what was carried into it) and other viewers are untouched.
    expect(await rows(`SELECT article_id FROM article_reads WHERE viewer_id = 'erase-user' ORDER BY article_id`)).toEqual([
      { article_id: 'e1' },
      { article_id: 'e2' },
    ]);
    expect(await rows(`SELECT article_id FROM article_reads WHERE viewer_id = 'other-dev'`)).toEqual([{ article_id: 'o1' }]);
    const audit = await t.http.get('/v1/admin/audit-log?entityType=viewer').set('Authorization', admin).expect(200);
    expect(audit.body.entries[0]).toMatchObject({
      action: 'reading_history.erase',
      entityType: 'viewer',
      entityId: 'erase-dev',
      actor: 'test-admin',
      before: { article_reads: 2, meter_counters: 1, meter_links: 1 },
      after: null,
    });
    expect(await decide('erase-dev', undefined, 'e3')).toMatchObject({ granted: true, meter: { used: 1 } });
    // Nothing to erase is still a 204, and audited.
    await t.http.delete('/v1/admin/viewers/never-seen/reading-history').set('Authorization', admin).expect(204);
  });
});
