import { startStripeTestApp, StripeTestApp } from '../support/stripe-webhooks';

type Schema = Record<string, any>;

/**
 * A body built from the examples the OpenAPI description gives for each required property, plus every id property
 * (optional properties may exclude each other, as Checkout's offerCode and promotionCode do).
 */
function exampleBody(doc: Schema, schema: Schema | undefined, id: string): Record<string, unknown> | undefined {
  const s = schema?.$ref
    ? schema.$ref
        .split('/')
        .slice(1)
        .reduce((o: Schema, k: string) => o[k], doc)
    : schema;
  if (!s?.properties) return undefined;
  const body: Record<string, unknown> = {};
  const required = new Set<string>(s.required ?? []);
  for (const [name, prop] of Object.entries<Schema>(s.properties)) {
    if (!required.has(name) && name !== 'userId' && name !== 'viewerId') continue;
    if (name === 'userId' || name === 'viewerId') body[name] = id;
    else if (name === 'expiresAt') body[name] = new Date(Date.now() + 86_400_000).toISOString();
    else if (prop.example !== undefined) body[name] = prop.example;
  }
  return body;
}

/** API.md's one id rule, on every route that takes a user or viewer id: `auth0|abc123` and an email are ids. */
describe.each(['auth0|abc123', 'reader@example.com'])('user and viewer id %s', (id) => {
  let s: StripeTestApp;
  beforeAll(async () => {
    s = await startStripeTestApp({ env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '0' } });
  });
  afterAll(() => s.close());

  it('is accepted by every route that takes one (no 400 on any)', async () => {
    const { t } = s;
    const doc: Schema = (await t.http.get('/docs-json').expect(200)).body;
    const seen: string[] = [];
    for (const [path, item] of Object.entries<Schema>(doc.paths)) {
      for (const [method, op] of Object.entries<Schema>(item)) {
        const body = exampleBody(doc, op.requestBody?.content?.['application/json']?.schema, id);
        const takesId = /\{(userId|viewerId)\}/.test(path) || (body && ('userId' in body || 'viewerId' in body));
        if (!takesId) continue;
        const url = path.replace(/\{(userId|viewerId)\}/g, encodeURIComponent(id)).replace(/\{benefitCode\}/g, 'premium_stories');
        const res = await t.app
          .getHttpAdapter()
          .getInstance()
          .inject({
            method: method.toUpperCase() as 'GET',
            url,
            headers: { authorization: t.bearer(t.adminKey), ...(body ? { 'content-type': 'application/json' } : {}) },
            ...(body ? { payload: JSON.stringify(body) } : {}),
          });
        seen.push(`${method.toUpperCase()} ${path} → ${res.statusCode}`);
        expect({ route: `${method.toUpperCase()} ${path}`, status: res.statusCode, body: res.statusCode === 400 ? res.json() : undefined }).toEqual({
          route: `${method.toUpperCase()} ${path}`,
          status: expect.any(Number),
          body: undefined,
        });
        expect(res.statusCode).toBeLessThan(500);
      }
    }
    // The routes of API.md that take an id: entitlements, grants, meter, checkout, subscription actions, invoices.
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(seen.join('\n')).toMatch(/checkout-sessions/);
    expect(seen.join('\n')).toMatch(/meter\/reads/);
    expect(seen.join('\n')).toMatch(/grants/);
  });
});
