import { startTestApp, TestApp } from '../support/test-app';

describe('web: the pages and the public demo routes behind /paywall', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true, env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '6' } });
  });
  afterAll(() => t.close());

  it('answers checkout with 503 STRIPE_NOT_CONFIGURED when Stripe has no key', async () => {
    const res = await t.http.post('/v1/demo/checkout-sessions').send({ planCode: 'smart_quarterly' }).expect(503);
    expect(res.body.code).toBe('STRIPE_NOT_CONFIGURED');
    const bad = await t.http.post('/v1/demo/checkout-sessions').send({ planCode: 'Smart', userId: 'u1' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['planCode', 'userId']);
  });

  it('is rate-limited per address like every keyless route', async () => {
    let last = 0;
    for (let i = 0; i < 8 && last !== 429; i++) {
      last = (await t.http.post('/v1/demo/checkout-sessions').send({ planCode: 'smart_quarterly' })).status;
    }
    expect(last).toBe(429);
  });
});
