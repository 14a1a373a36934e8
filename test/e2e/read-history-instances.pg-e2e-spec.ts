import { ReadHistoryJob } from '../../src/metering/read-history.job';
import { ReadHistoryService } from '../../src/metering/read-history.service';
import type { TestApp } from '../support/test-app';
import { startTwoInstances, type TwoInstances } from '../support/two-instances';

// Two service instances on one PostgreSQL database, their clocks set to the same instant: the daily retention run
// must happen once across them.
describe('read history retention across two instances', () => {
  let two: TwoInstances;
  let a: TestApp;
  let b: TestApp;
  const count = async (sql: string) => ((await a.dataSource.query(sql)) as { n: number }[])[0].n;

  beforeAll(async () => {
    two = await startTwoInstances();
    ({ a, b } = two);
  });
  afterAll(() => two?.close());

  it('both instances trying at the same moment, many times: one run a day, each old row deleted once', async () => {
    await a.dataSource.query(
      `INSERT INTO article_reads (viewer_id, period, article_id) SELECT 'v' || (i % 50), CASE WHEN i % 2 = 0 THEN '2026-07' ELSE '2026-11' END, 'x' || i FROM generate_series(1, 20000) i`,
    );
    await a.dataSource.query(`INSERT INTO meter_counters (viewer_id, period, used) SELECT 'v' || i, '2026-07', 1 FROM generate_series(1, 50) i`);
    for (const t of [a, b]) t.clock.set('2026-11-20T00:00:10.000Z');
    const services = [a, b].map((t) => t.app.get(ReadHistoryService));
    const runs = await Promise.all(Array.from({ length: 8 }, (_, i) => services[i % 2].runRetention()));
    const done = runs.filter((r) => r !== null);
    expect(done).toEqual([{ day: '2026-11-20', oldestKept: '2026-09', deleted: { article_reads: 10000, meter_counters: 50, meter_links: 0 } }]);
    expect(await count(`SELECT count(*)::int AS n FROM article_reads WHERE period < '2026-09'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM article_reads WHERE period = '2026-11'`)).toBe(10000);
    expect(await count(`SELECT count(*)::int AS n FROM job_runs WHERE finished_at IS NOT NULL`)).toBe(1);

    // The scheduled tick on both instances the next day: again one run (job_runs says which day ran).
    await a.dataSource.query(`INSERT INTO article_reads (viewer_id, period, article_id) VALUES ('late', '2026-08', 'z')`);
    for (const t of [a, b]) t.clock.set('2026-11-21T00:00:10.000Z');
    await Promise.all([a, b, a, b].map((t) => t.app.get(ReadHistoryJob).tick()));
    expect(await a.dataSource.query(`SELECT day, result FROM job_runs ORDER BY day`)).toEqual([
      { day: '2026-11-20', result: { article_reads: 10000, meter_counters: 50, meter_links: 0 } },
      { day: '2026-11-21', result: { article_reads: 1, meter_counters: 0, meter_links: 0 } },
    ]);
  });
});
