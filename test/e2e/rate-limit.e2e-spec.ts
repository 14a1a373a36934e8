import { startTestApp, TestApp } from '../support/test-app';

describe('PUBLIC_RATE_LIMIT_PER_MINUTE', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true, env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 RATE_LIMITED with Retry-After past the limit on a route called without a key', async () => {
    for (let i = 0; i < 3; i++) await t.http.get('/v1/plans').expect(200);
    const limited = await t.http.get('/v1/plans').expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('does not throttle calls made with an API key (the paywall server calls for all its readers)', async () => {
    for (let i = 0; i < 6; i++) {
      await t.http.get('/v1/plans').set('Authorization', t.bearer(t.paywallKey)).expect(200);
    }
  });

  it('does not count an invalid key as a key', async () => {
    await t.http.get('/v1/plans').set('Authorization', 'Bearer tg_paywall_forged').expect(429);
  });

  it('never throttles /health', async () => {
    for (let i = 0; i < 5; i++) await t.http.get('/health').expect(200);
  });
});

describe('PUBLIC_RATE_LIMIT_PER_MINUTE=0', () => {
  it('turns the limit off', async () => {
    const t = await startTestApp({ seed: true, env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '0' } });
    try {
      for (let i = 0; i < 10; i++) await t.http.get('/v1/plans').expect(200);
    } finally {
      await t.close();
    }
  });
});
