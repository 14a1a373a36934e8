import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { WebhookSecretBox } from '../../src/events/webhook-secret-box';
import { startTestApp, type TestApp } from '../support/test-app';

const SECRET = /^tgwhsec_[0-9a-f]{64}$/;
const PATH = '/v1/admin/webhook-endpoints';

describe('webhook endpoints: the admin API', () => {
  let t: TestApp;
  const logs: string[] = [];
  const secretsShown: string[] = [];
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
    t = await startTestApp({ logStream: stream, env: { LOG_LEVEL: 'debug' } });
  });
  afterAll(async () => {
    // Whatever else happened, no secret ever shown reached the log or the audit log.
    const audit = JSON.stringify(await t.dataSource.query(`SELECT * FROM audit_log`));
    for (const s of secretsShown) {
      expect(logs.join('')).not.toContain(s);
      expect(audit).not.toContain(s);
    }
    await t.close();
  });

  const admin = () => t.bearer(t.adminKey);
  const create = (body: unknown) =>
    t.http
      .post(PATH)
      .set('Authorization', admin())
      .send(body as object);
  const patch = (id: string, body: unknown) =>
    t.http
      .patch(`${PATH}/${id}`)
      .set('Authorization', admin())
      .send(body as object);
  const counts = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM webhook_endpoints) AS endpoints,
              (SELECT count(*)::int FROM audit_log WHERE entity_type = 'webhook_endpoint') AS audits,
              (SELECT coalesce(string_agg(url || status || array_to_string(events, ',') || secret_encrypted, ';' ORDER BY id), '')
                 FROM webhook_endpoints) AS rows`,
    );
    return row;
  };
  const stored = async (id: string) =>
    ((await t.dataSource.query(`SELECT secret_encrypted FROM webhook_endpoints WHERE id = $1`, [id])) as { secret_encrypted: string }[])[0]
      .secret_encrypted;
  const shown = (secret: string) => {
    secretsShown.push(secret);
    return secret;
  };

  it('creates an endpoint (201, the secret shown once), lists and reads it without the secret, which is stored encrypted', async () => {
    const res = await create({ url: 'https://crm.example.com/hooks', events: ['subscription.*', 'grant.created'], description: 'CRM' }).expect(201);
    const secret = shown(res.body.secret);
    expect(secret).toMatch(SECRET);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: 'https://crm.example.com/hooks',
      events: ['subscription.*', 'grant.created'],
      description: 'CRM',
      status: 'enabled',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      secret,
    });
    const { secret: _s, ...view } = res.body;
    const one = await t.http.get(`${PATH}/${res.body.id}`).set('Authorization', admin()).expect(200);
    expect(one.body).toEqual(view);
    const list = await t.http.get(PATH).set('Authorization', admin()).expect(200);
    expect(list.body.webhookEndpoints).toContainEqual(view);
    expect(JSON.stringify(list.body)).not.toContain(secret);

    const sealed = await stored(res.body.id);
    expect(sealed).not.toContain(secret.slice(8));
    expect(t.app.get(WebhookSecretBox).open(sealed)).toBe(secret);

    const audit = await t.dataSource.query(`SELECT action, actor, before, after FROM audit_log WHERE entity_id = $1`, [res.body.id]);
    expect(audit).toEqual([
      {
        action: 'webhook_endpoint.create',
        actor: 'test-admin',
        before: null,
        after: {
          id: res.body.id,
          url: 'https://crm.example.com/hooks',
          events: ['subscription.*', 'grant.created'],
          description: 'CRM',
          status: 'enabled',
        },
      },
    ]);
  });

  it('PATCH changes url, events, description and status, audited with before and after', async () => {
    const { body } = await create({ url: 'https://a.example.com/', events: ['invoice.paid'] }).expect(201);
    shown(body.secret);
    const res = await patch(body.id, { url: 'https://b.example.com/x', events: ['invoice.*'], description: 'billing', status: 'disabled' }).expect(
      200,
    );
    expect(res.body).toMatchObject({
      id: body.id,
      url: 'https://b.example.com/x',
      events: ['invoice.*'],
      description: 'billing',
      status: 'disabled',
    });
    expect(res.body.secret).toBeUndefined();
    await patch(body.id, { status: 'enabled', description: null }).expect(200);
    const audit = await t.dataSource.query(`SELECT action, before, after FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [body.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['webhook_endpoint.create', 'webhook_endpoint.update', 'webhook_endpoint.update']);
    expect(audit[1].before).toMatchObject({ url: 'https://a.example.com/', status: 'enabled', description: null });
    expect(audit[1].after).toMatchObject({ url: 'https://b.example.com/x', status: 'disabled', description: 'billing' });
    expect(audit[2].after).toMatchObject({ status: 'enabled', description: null });
  });

  it('rotates the secret: a new one shown once, the old one replaced, the audit entry without either', async () => {
    const { body } = await create({ url: 'https://rot.example.com/', events: ['grant.*'] }).expect(201);
    const first = shown(body.secret);
    const res = await t.http.post(`${PATH}/${body.id}/rotate-secret`).set('Authorization', admin()).expect(200);
    const second = shown(res.body.secret);
    expect(second).toMatch(SECRET);
    expect(second).not.toBe(first);
    expect(t.app.get(WebhookSecretBox).open(await stored(body.id))).toBe(second);
    const [entry] = await t.dataSource.query(
      `SELECT before, after FROM audit_log WHERE entity_id = $1 AND action = 'webhook_endpoint.rotate_secret'`,
      [body.id],
    );
    expect(entry).toEqual({ before: null, after: { secretRotated: true } });
  });

  it('DELETE removes it (204, audited); then every route on it is 404 WEBHOOK_ENDPOINT_NOT_FOUND', async () => {
    const { body } = await create({ url: 'https://del.example.com/', events: ['offer.redeemed'] }).expect(201);
    shown(body.secret);
    await t.http.delete(`${PATH}/${body.id}`).set('Authorization', admin()).expect(204);
    const [entry] = await t.dataSource.query(`SELECT before, after FROM audit_log WHERE entity_id = $1 AND action = 'webhook_endpoint.delete'`, [
      body.id,
    ]);
    expect(entry).toMatchObject({ before: { url: 'https://del.example.com/' }, after: null });
    for (const id of [body.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const before = await counts();
      for (const res of [
        await t.http.get(`${PATH}/${id}`).set('Authorization', admin()),
        await patch(id, { status: 'disabled' }),
        await t.http.delete(`${PATH}/${id}`).set('Authorization', admin()),
        await t.http.post(`${PATH}/${id}/rotate-secret`).set('Authorization', admin()),
      ]) {
        expect([res.status, res.body.code]).toEqual([404, 'WEBHOOK_ENDPOINT_NOT_FOUND']);
      }
      expect(await counts()).toEqual(before);
    }
  });

  it.each([
    'http://localhost:3000/hook',
    'http://127.0.0.1/hook',
    'http://[::1]/hook',
    'http://10.0.0.5/hook',
    'http://192.168.1.10/',
    'http://172.20.0.1/',
    'http://169.254.169.254/latest/meta-data',
    'http://0.0.0.0/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'ftp://files.example.com/',
    'https://user:pw@example.com/',
    'not a url',
  ])('refuses %s with 400 WEBHOOK_URL_NOT_ALLOWED, on POST and PATCH, changing nothing', async (url) => {
    const before = await counts();
    const res = await create({ url, events: ['grant.created'] }).expect(400);
    expect(res.body).toMatchObject({ code: 'WEBHOOK_URL_NOT_ALLOWED', details: [{ field: 'url' }] });
    expect(await counts()).toEqual(before);
    const [{ id }] = await t.dataSource.query(`SELECT id FROM webhook_endpoints LIMIT 1`);
    const again = await counts();
    expect((await patch(id, { url })).body.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
    expect(await counts()).toEqual(again);
  });

  it.each([
    ['no url', { events: ['grant.created'] }],
    ['no events', { url: 'https://x.example.com/' }],
    ['empty events', { url: 'https://x.example.com/', events: [] }],
    ['an unknown event', { url: 'https://x.example.com/', events: ['grant.exploded'] }],
    ['a wildcard of no family', { url: 'https://x.example.com/', events: ['*'] }],
    ['repeated events', { url: 'https://x.example.com/', events: ['grant.created', 'grant.created'] }],
    ['a status on create', { url: 'https://x.example.com/', events: ['grant.created'], status: 'enabled' }],
    ['a secret given', { url: 'https://x.example.com/', events: ['grant.created'], secret: 'mine' }],
    ['a blank description', { url: 'https://x.example.com/', events: ['grant.created'], description: '  ' }],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_name, body) => {
    const before = await counts();
    expect((await create(body).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect(await counts()).toEqual(before);
  });

  it('refuses a PATCH with an unknown status or a secret with 400 VALIDATION_FAILED', async () => {
    const [{ id }] = await t.dataSource.query(`SELECT id FROM webhook_endpoints LIMIT 1`);
    const before = await counts();
    for (const body of [{ status: 'paused' }, { secret: 'x' }, { events: [] }, { url: null }]) {
      expect((await patch(id, body).expect(400)).body.code).toBe('VALIDATION_FAILED');
    }
    expect(await counts()).toEqual(before);
  });

  it('answers generated bad bodies with a 400 of its own codes and leaves the database unchanged', async () => {
    const url = fc.oneof(
      fc.constantFrom('https://ok.example.com/h', 'http://127.0.0.1/', 'http://[::1]/', 'ftp://x/', 'http://localhost/', '', 'x'),
      fc.webUrl(),
      fc.string(),
      fc.integer(),
      fc.constant(null),
    );
    const events = fc.oneof(
      fc.subarray(['subscription.*', 'grant.created', 'invoice.paid', 'nope', 'grant.*', '*']),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.string(),
      fc.constant(null),
    );
    const body = fc.record(
      {
        url,
        events,
        description: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
        status: fc.constantFrom('enabled', 'off'),
        extra: fc.string(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await counts();
        const res = await create(b);
        if (res.status === 201) {
          shown(res.body.secret);
          await t.dataSource.query(`DELETE FROM audit_log WHERE entity_id = $1`, [res.body.id]);
          await t.dataSource.query(`DELETE FROM webhook_endpoints WHERE id = $1`, [res.body.id]);
          return;
        }
        expect([res.status, res.body.code]).toEqual([400, expect.stringMatching(/^(VALIDATION_FAILED|WEBHOOK_URL_NOT_ALLOWED)$/)]);
        expect(await counts()).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it('is for admin keys only', async () => {
    await t.http.get(PATH).set('Authorization', t.bearer(t.paywallKey)).expect(403);
    await t.http.get(PATH).expect(401);
  });
});

describe('webhook endpoints: WEBHOOK_ALLOW_PRIVATE_URLS and WEBHOOK_SECRET_KEY', () => {
  it('with WEBHOOK_ALLOW_PRIVATE_URLS=true takes a loopback URL (a receiver on the same machine)', async () => {
    const t = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' } });
    try {
      for (const url of ['http://127.0.0.1:4000/hook', 'http://localhost:4000/hook', 'http://[::1]:4000/']) {
        await t.http
          .post(PATH)
          .set('Authorization', t.bearer(t.adminKey))
          .send({ url, events: ['grant.*'] })
          .expect(201);
      }
      const refused = await t.http
        .post(PATH)
        .set('Authorization', t.bearer(t.adminKey))
        .send({ url: 'ftp://127.0.0.1/', events: ['grant.*'] });
      expect(refused.body.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
    } finally {
      await t.close();
    }
  });

  it('with no WEBHOOK_SECRET_KEY: embedded mode generates one into DATA_DIR (0600); PostgreSQL answers 503 on create', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-wh-'));
    const t = await startTestApp({ env: { WEBHOOK_SECRET_KEY: '', DATA_DIR: dir } });
    try {
      const res = await t.http
        .post(PATH)
        .set('Authorization', t.bearer(t.adminKey))
        .send({ url: 'https://x.example.com/', events: ['grant.*'] });
      if (t.env.DATABASE_URL) {
        expect([res.status, res.body.code]).toEqual([503, 'WEBHOOK_SECRET_KEY_NOT_CONFIGURED']);
        expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM webhook_endpoints`)).toEqual([{ n: 0 }]);
        await t.http.get(PATH).set('Authorization', t.bearer(t.adminKey)).expect(200);
      } else {
        expect(res.status).toBe(201);
        expect(statSync(join(dir, 'webhook-secret.key')).mode & 0o777).toBe(0o600);
      }
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
