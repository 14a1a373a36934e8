import { startTestApp, TestApp } from '../support/test-app';

/** The rules every request meets before a route's own validation (src/common/http-input.ts), over real HTTP. */
describe('input rules', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp({ seed: true, env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '0' } });
    admin = t.bearer(t.adminKey);
  });
  afterAll(() => t.close());

  const count = async (table: string) => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const raw = (path: string, contentType: string, body: string, key: string | null = admin) => {
    const req = t.http.post(path).set('Content-Type', contentType);
    return (key ? req.set('Authorization', key) : req).send(body);
  };

  it.each([
    ['a NUL in a meter read article id', '/v1/meter/reads', { viewerId: 'u1', articleId: 'a\u0000b' }, 'articleId'],
    ['a lone surrogate in a benefit name', '/v1/admin/benefits', { code: 'x1', name: 'a\ud800b' }, 'name'],
    ['a NUL in a benefit name', '/v1/admin/benefits', { code: 'x1', name: 'a\u0000' }, 'name'],
    ['a lone low surrogate in an API key name', '/v1/admin/api-keys', { role: 'admin', name: '\udc00' }, 'name'],
    ['a NUL in a nested key', '/v1/admin/benefits', { code: 'x1', name: 'n', 'k\u0000': 1 }, '(key)'],
  ])('refuses %s: 400 UNSUPPORTED_CHARACTER naming the field, nothing written', async (_what, path, body, field) => {
    const audits = await count('audit_log');
    const reads = await count('article_reads');
    const res = await t.http.post(path).set('Authorization', admin).send(body).expect(400);
    expect(res.body).toMatchObject({ code: 'UNSUPPORTED_CHARACTER', details: [{ field }] });
    expect(await count('audit_log')).toBe(audits);
    expect(await count('article_reads')).toBe(reads);
  });

  it('keeps a well-formed surrogate pair (an emoji) and other Unicode', async () => {
    const res = await t.http.post('/v1/admin/benefits').set('Authorization', admin).send({ code: 'emoji_ok', name: 'Ad-free 📰 पढ़ें' }).expect(201);
    expect(res.body.name).toBe('Ad-free 📰 पढ़ें');
  });

  it.each([
    ['/v1/admin/plans/a%00', 'UNSUPPORTED_CHARACTER'],
    ['/v1/admin/plans/%ED%A0%80', 'MALFORMED_URL'],
    ['/v1/admin/plans/%FF', 'MALFORMED_URL'],
    ['/v1/admin/audit-log?entityId=a%00', 'UNSUPPORTED_CHARACTER'],
    ['/v1/admin/audit-log?entityType=%00', 'UNSUPPORTED_CHARACTER'],
  ])('GET %s: 400 %s', async (path, code) => {
    const res = await t.http.get(path).set('Authorization', admin);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code });
  });

  it('answers a path id over 1,000 characters with a 400 of the table, not 414', async () => {
    const res = await t.http.get(`/v1/admin/plans/${'a'.repeat(5000)}`).set('Authorization', admin);
    expect(res.status).toBeLessThan(500);
    expect(res.status).not.toBe(414);
    expect(['VALIDATION_FAILED', 'PLAN_NOT_FOUND']).toContain(res.body.code);
  });

  it('refuses a body nested deeper than 32 before parsing it: 400 BODY_TOO_DEEP, with or without a key', async () => {
    const deep = '['.repeat(2000) + ']'.repeat(2000);
    for (const key of [admin, null]) {
      const res = await raw('/v1/demo/access-decisions', 'application/json', deep, key).expect(400);
      expect(res.body.code).toBe('BODY_TOO_DEEP');
    }
    const nested = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    expect((await raw('/v1/admin/benefits', 'application/json', nested(33))).body.code).toBe('BODY_TOO_DEEP');
    // 32 levels is still JSON the routes judge on their own.
    expect((await raw('/v1/admin/benefits', 'application/json', nested(32))).body.code).toBe('VALIDATION_FAILED');
    // Brackets inside strings are text, not nesting.
    const text = await raw('/v1/admin/benefits', 'application/json', JSON.stringify({ code: 'brackets', name: '['.repeat(100) + '\\"{' })).expect(
      201,
    );
    expect(text.body.name).toBe('['.repeat(100) + '\\"{');
  });

  it('refuses a keyless body over 16 KiB with 413 before parsing it; a keyed one may send up to 1 MiB', async () => {
    const big = JSON.stringify({ articleId: 'x'.repeat(20_000) });
    expect((await raw('/v1/demo/access-decisions', 'application/json', big, null).expect(413)).body.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await raw('/v1/demo/access-decisions', 'application/json', big).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['application/x-www-form-urlencoded', 'articleId=form-article'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="articleId"\r\n\r\nform-article\r\n--x--'],
    ['text/plain', '{"articleId":"form-article"}'],
  ])('answers %s with 415 UNSUPPORTED_MEDIA_TYPE and counts no read', async (type, body) => {
    const reads = await count('article_reads');
    const res = await raw('/v1/demo/access-decisions', type, body, null).expect(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const benefits = await count('benefits');
    expect((await raw('/v1/admin/benefits', type, 'code=formmade&name=Form')).status).toBe(415);
    expect(await count('benefits')).toBe(benefits);
    expect(await count('article_reads')).toBe(reads);
  });

  it('accepts application/json with a charset, and refuses __proto__ keys as malformed JSON', async () => {
    await raw(
      '/v1/demo/access-decisions',
      'application/json; charset=utf-8',
      '{"articleId":"charset-ok","access":"metered","signedIn":false}',
      null,
    ).expect(200);
    const res = await raw('/v1/admin/benefits', 'application/json', '{"code":"p1","name":"n","__proto__":{"x":1}}').expect(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
  });

  it.each([[{ freeArticleLimit: null }], [{ meteredBenefitCode: null }], [{ freeArticleLimit: 1e20 }], [{ freeArticleLimit: 2 ** 31 }]])(
    'PATCH /v1/admin/settings %j: 400 VALIDATION_FAILED, settings unchanged',
    async (body) => {
      const before = (await t.http.get('/v1/admin/settings').set('Authorization', admin).expect(200)).body;
      const res = await t.http.patch('/v1/admin/settings').set('Authorization', admin).send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect((await t.http.get('/v1/admin/settings').set('Authorization', admin).expect(200)).body).toEqual(before);
    },
  );
});
