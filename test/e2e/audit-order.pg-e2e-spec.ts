import { startTestApp, TestApp } from '../support/test-app';

interface Entry {
  seq: number;
  before: { freeArticleLimit: number } | null;
  after: { freeArticleLimit: number } | null;
}

// Concurrent writes to one row take turns on its lock; the audit log must list them in the order they committed,
// so the newest entry shows the value the row holds. PGlite runs one transaction at a time, so only PostgreSQL
// can interleave them.
describe('audit log order under concurrent writes (PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = t.bearer(t.adminKey);
  });
  afterAll(() => t.close());

  const settingsLog = async (query = ''): Promise<Entry[]> =>
    (await t.http.get(`/v1/admin/audit-log?entityType=settings${query}`).set('Authorization', admin).expect(200)).body.entries;

  it('after 20 concurrent settings patches, the newest entry shows the final value, and the entries form one chain', async () => {
    for (let round = 0; round < 5; round++) {
      const values = Array.from({ length: 20 }, (_, i) => round * 100 + i + 1);
      await Promise.all(values.map((v) => t.http.patch('/v1/admin/settings').set('Authorization', admin).send({ freeArticleLimit: v }).expect(200)));
      const [{ limit }] = await t.dataSource.query('SELECT free_article_limit AS limit FROM settings WHERE id = 1');
      const entries = await settingsLog('&limit=20');
      expect(entries[0].after!.freeArticleLimit).toBe(limit);
      // Newest first: each entry's before is the after of the entry below it (the write that committed just earlier).
      for (let i = 0; i < entries.length - 1; i++) expect(entries[i].before).toEqual(entries[i + 1].after);
      expect(entries.map((e) => e.after!.freeArticleLimit).sort((a, b) => a - b)).toEqual(values);
    }
  });

  it('pages with beforeSeq through the same entries as one listing', async () => {
    const all = await settingsLog('&limit=500');
    expect(all.length).toBe(100);
    const paged: Entry[] = [];
    for (let cursor = ''; ;) {
      const page = await settingsLog(`&limit=7${cursor}`);
      paged.push(...page);
      if (page.length < 7) break;
      cursor = `&beforeSeq=${page.at(-1)!.seq}`;
    }
    expect(paged).toEqual(all);
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => b - a));
  });
});
