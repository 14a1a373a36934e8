import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { ERROR_STATUS } from '../../src/common/errors';
import { startStripeTestApp, StripeTestApp } from '../support/stripe-webhooks';
import type { TestApp } from '../support/test-app';

type Schema = Record<string, any>;

interface Operation {
  method: string;
  path: string;
  params: string[];
  query: string[];
  body?: Schema;
}

/** Every operation of the service's own OpenAPI document, but Stripe's webhook (signed bytes, tested on its own). */
function operations(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths)) {
    if (path.startsWith('/v1/webhooks/stripe')) continue;
    for (const [method, op] of Object.entries<Schema>(item)) {
      const parameters: Schema[] = op.parameters ?? [];
      const ref: string | undefined = op.requestBody?.content?.['application/json']?.schema?.$ref;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        body: ref ? resolve(doc, ref) : op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

function resolve(doc: Schema, ref: string): Schema {
  return ref
    .split('/')
    .slice(1)
    .reduce((o, k) => o[k], doc);
}

/** Text PostgreSQL cannot store, text it can, and lengths and shapes no route expects. */
const hostileString = fc.oneof(
  fc.constantFrom('a\u0000b', '\u0000', 'a\ud800b', '\udfff', 'x'.repeat(5000), '', ' ', '%00', '../..', 'auth0|abc123', 'reader@example.com'),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ maxLength: 20 }),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(1e20, -1e20, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 0.5, -1, 0, Number.MAX_VALUE, Number.MIN_VALUE, 1),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const deep = fc.integer({ min: 20, max: 60 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}),
  deep,
  fc.jsonValue({ maxDepth: 3 }),
);

/** A plausible value for a schema property (so the body gets past the first check), or a hostile one. */
function valueFor(prop: Schema | undefined): fc.Arbitrary<unknown> {
  const plausible: fc.Arbitrary<unknown>[] = [];
  if (prop?.enum) plausible.push(fc.constantFrom(...(prop.enum as unknown[])));
  if (prop?.type === 'string' && prop.pattern) plausible.push(fc.stringMatching(new RegExp(prop.pattern)).map((s) => s.slice(0, 40)));
  if (prop?.type === 'string' && prop.format === 'uri') plausible.push(fc.constant('https://news.example/x'));
  if (prop?.type === 'string') plausible.push(fc.constantFrom('x1', 'reader@example.com'));
  if (prop?.type === 'integer' || prop?.type === 'number') plausible.push(fc.integer({ min: 0, max: 10_000 }));
  if (prop?.type === 'boolean') plausible.push(fc.boolean());
  if (prop?.type === 'array') plausible.push(fc.array(valueFor(prop.items), { maxLength: 3 }));
  if (!plausible.length) return anyValue;
  return fc.oneof({ arbitrary: fc.oneof(...plausible), weight: 3 }, { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: anyValue, weight: 1 });
}

function bodyFor(doc: Schema, schema: Schema | undefined): fc.Arbitrary<unknown> {
  const s = schema?.$ref ? resolve(doc, schema.$ref) : schema;
  const props: Record<string, Schema> = s?.properties ?? {};
  const names = Object.keys(props);
  const shaped = fc.record(Object.fromEntries(names.map((n) => [n, valueFor(props[n]?.$ref ? resolve(doc, props[n].$ref) : props[n])])), {
    requiredKeys: [],
  });
  return fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: anyValue, weight: 1 });
}

/** A path segment: a plausible id, or text the database or the URL decoder refuses. */
const segment = fc.oneof(
  fc.constantFrom('smart_quarterly', 'premium_stories', 'u1', 'auth0|abc123', 'reader@example.com', '00000000-0000-0000-0000-000000000000'),
  fc.constantFrom('a%00', '%FF', '%ED%A0%80', '%C0%AF', 'x'.repeat(2000), '%2e%2e', 'a%20b'),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const queryValue = fc.oneof(segment, fc.constantFrom('-1', '1e20', '99999999999', '2026-13-45', 'true', '0'));

describe('every route, arbitrary input', () => {
  let s: StripeTestApp;
  let t: TestApp;
  let ops: Operation[];
  let doc: Schema;
  beforeAll(async () => {
    s = await startStripeTestApp({ env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '0' } });
    t = s.t;
    doc = (await t.http.get('/docs-json').expect(200)).body;
    ops = operations(doc);
  });
  afterAll(() => s.close());

  const inject = (opts: InjectOptions) => t.app.getHttpAdapter().getInstance().inject(opts);
  const auditCount = async () => Number((await t.dataSource.query('SELECT count(*)::int AS n FROM audit_log'))[0].n);

  it('knows the routes it is about to probe', () => {
    expect(ops.length).toBeGreaterThan(30);
    expect(ops.filter((o) => o.body).length).toBeGreaterThan(10);
  });

  it('never answers 5xx, answers every 4xx with a code of the table, and writes nothing when it refuses', async () => {
    const codes = new Set(Object.keys(ERROR_STATUS));
    for (const op of ops) {
      const keys = fc.constantFrom(t.adminKey, t.paywallKey, '');
      const input = fc.record({
        params: fc.tuple(...op.params.map(() => segment), fc.constant('')),
        query: fc.dictionary(fc.constantFrom(...op.query, 'zz'), queryValue, { maxKeys: 3 }),
        body: op.body ? bodyFor(doc, op.body) : fc.constant(undefined),
        key: keys,
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ params, query, body, key }) => {
          let url = op.path;
          op.params.forEach((name, i) => (url = url.replace(`{${name}}`, params[i] as string)));
          const qs = Object.entries(query)
            .map(([k, v]) => `${k}=${v}`)
            .join('&');
          const before = await auditCount();
          const res = await inject({
            method: op.method as InjectOptions['method'],
            url: qs ? `${url}?${qs}` : url,
            headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
            ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
          });
          const what = `${op.method} ${url}${qs ? `?${qs}` : ''} ${JSON.stringify(body)?.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          if (res.statusCode >= 500) throw new Error(what);
          if (res.statusCode >= 400) {
            const code = res.json().code as string;
            if (!codes.has(code)) throw new Error(`code outside the table: ${what}`);
            if ((await auditCount()) !== before) throw new Error(`a refused request wrote: ${what}`);
          }
        }),
        { numRuns: 100 },
      );
    }
  });
});
