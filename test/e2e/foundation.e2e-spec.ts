import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_STATUS } from '../../src/common/errors';
import { startTestApp, TestApp } from '../support/test-app';

describe('foundation: health, docs, errors, auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** POST /v1/admin/api-keys with an admin key and a raw body of the given content type. */
  const postApiKeyRaw = (contentType: string, body?: string) => {
    const req = t.http.post('/v1/admin/api-keys').set('Authorization', t.bearer(t.adminKey)).set('Content-Type', contentType);
    return body === undefined ? req : req.send(body);
  };

  it('GET /health reports the database up, without a key', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body.info.database.status).toBe('up');
  });

  it('gives every request an id, echoing X-Request-Id when sent', async () => {
    const res = await t.http.get('/health').set('X-Request-Id', 'req-abc.123');
    expect(res.headers['x-request-id']).toBe('req-abc.123');
    const other = await t.http.get('/health');
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Swagger UI at /docs and the OpenAPI JSON at /docs-json', async () => {
    await t.http.get('/docs').expect(200);
    const res = await t.http.get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/v1/admin/api-keys');
  });

  it('documents every route: a success response with a schema (or 204), and a schema for every body', async () => {
    type Op = {
      responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
      requestBody?: { content?: Record<string, { schema?: unknown }> };
    };
    const doc = (await t.http.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, Op>> };
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const success = Object.entries(op.responses ?? {}).filter(([status]) => /^[23]/.test(status));
        // JSON mostly; a PDF or CSV route documents its body under its own media type.
        const documented = success.some(
          ([status, r]) => status === '204' || status === '304' || Object.values(r.content ?? {}).some((c) => !!c.schema),
        );
        if (!documented && path !== '/health') problems.push(`${method.toUpperCase()} ${path}: no documented success body`);
        if (op.requestBody && !Object.values(op.requestBody.content ?? {}).some((c) => c.schema)) {
          problems.push(`${method.toUpperCase()} ${path}: request body without schema`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists every error code the service can answer in the OpenAPI ErrorResponse schema and in the README table', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const codes = Object.keys(ERROR_STATUS).sort();
    expect([...doc.components.schemas.ErrorResponse.properties.code.enum].sort()).toEqual(codes);
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Input rules and errors'), readme.indexOf('## PostgreSQL'));
    const inTable = [...table.matchAll(/^\|([^|]+)\|\s*(\d{3})\s*\|/gm)].flatMap(([, names, status]) =>
      [...names.matchAll(/`([A-Z_]+)`/g)].map(([, code]) => `${code} ${status}`),
    );
    expect(inTable.sort()).toEqual(codes.map((c) => `${c} ${ERROR_STATUS[c as keyof typeof ERROR_STATUS]}`));
  });

  it('answers an unknown route with a JSON 404 and a stable code', async () => {
    const res = await t.http.get('/v1/nope').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await postApiKeyRaw('application/json', '{"name": "x", ').expect(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
  });

  it('answers a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE and creates nothing', async () => {
    const list = async () => (await t.http.get('/v1/admin/api-keys').set('Authorization', t.bearer(t.adminKey)).expect(200)).body;
    const before = await list();
    const res = await postApiKeyRaw('application/xml', '<role>admin</role><name>x</name>').expect(415);
    expect(res.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await list()).toEqual(before);
  });

  it('answers a body over 1 MiB with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await postApiKeyRaw('application/json', JSON.stringify({ role: 'admin', name: 'x'.repeat(1024 * 1024) })).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers an empty JSON body with 400 MALFORMED_JSON', async () => {
    const res = await postApiKeyRaw('application/json').expect(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
  });

  it('walks every admin route: no key 401, unknown key 401, paywall key 403', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const adminRoutes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/admin/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method, path: path.replace(/\{[^}]+\}/g, 'x') })));
    expect(adminRoutes.length).toBeGreaterThanOrEqual(3);
    for (const { method, path } of adminRoutes) {
      const call = () => (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method](path);
      const none = await call();
      expect({ method, path, status: none.status, code: none.body.code }).toEqual({ method, path, status: 401, code: 'UNAUTHENTICATED' });
      const bogus = await call().set('Authorization', 'Bearer tg_admin_not-a-real-key');
      expect({ method, path, status: bogus.status }).toEqual({ method, path, status: 401 });
      const paywall = await call().set('Authorization', t.bearer(t.paywallKey));
      expect({ method, path, status: paywall.status, code: paywall.body.code }).toEqual({ method, path, status: 403, code: 'FORBIDDEN' });
    }
  });

  it('creates, lists and revokes API keys through the admin API, audited, keys stored hashed', async () => {
    const admin = t.bearer(t.adminKey);
    const created = await t.http.post('/v1/admin/api-keys').set('Authorization', admin).send({ name: 'ops', role: 'paywall' }).expect(201);
    expect(created.body.key).toMatch(/^tg_paywall_/);
    const stored = await t.dataSource.query('SELECT key_hash FROM api_keys WHERE id = $1', [created.body.id]);
    expect(stored[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0].key_hash).not.toContain(created.body.key);

    const list = await t.http.get('/v1/admin/api-keys').set('Authorization', admin).expect(200);
    const listed = list.body.apiKeys.find((k: { id: string }) => k.id === created.body.id);
    expect(listed).toMatchObject({ name: 'ops', role: 'paywall', revokedAt: null });
    expect(listed.key).toBeUndefined();

    await t.http.delete(`/v1/admin/api-keys/${created.body.id}`).set('Authorization', admin).expect(204);
    await t.http.get('/v1/admin/api-keys').set('Authorization', t.bearer(created.body.key)).expect(401);

    const audit = await t.http.get('/v1/admin/audit-log').set('Authorization', admin).expect(200);
    const revoke = audit.body.entries.find((e: { action: string }) => e.action === 'api_key.revoke');
    expect(revoke).toMatchObject({ actor: 'test-admin', entityId: created.body.id });
    expect(revoke.before.revokedAt).toBeNull();
    expect(revoke.after.revokedAt).toEqual(expect.any(String));
  });

  it('rejects unknown fields and bad roles with 400 VALIDATION_FAILED and writes nothing', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM api_keys');
    const res = await t.http
      .post('/v1/admin/api-keys')
      .set('Authorization', t.bearer(t.adminKey))
      .send({ name: 'x', role: 'root', extra: 1 })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['extra', 'role']);
    const after = await t.dataSource.query('SELECT count(*)::int AS n FROM api_keys');
    expect(after[0].n).toBe(before[0].n);
  });

  it('has no schema drift between the entities and the migrations', async () => {
    const sql = await t.dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });
});
