import type { InjectOptions } from 'fastify';
import { validateEnv } from '../../src/config/env.schema';
import { startTestApp, TestApp } from '../support/test-app';

/** One request through Fastify's inject, from a given client address (the TCP peer the service sees). */
async function from(t: TestApp, remoteAddress: string, opts: InjectOptions & { url: string }) {
  return t.app
    .getHttpAdapter()
    .getInstance()
    .inject({ method: 'GET', ...opts, remoteAddress });
}

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

  it('counts per client address across every keyless route, /health and the docs included', async () => {
    const addr = '10.1.0.1';
    expect((await from(t, addr, { url: '/health' })).statusCode).toBe(200);
    expect((await from(t, addr, { url: '/docs-json' })).statusCode).toBe(200);
    expect((await from(t, addr, { url: '/v1/plans' })).statusCode).toBe(200);
    for (const url of ['/docs', '/health', '/v1/plans', '/docs-json']) {
      const res = await from(t, addr, { url });
      expect(res.statusCode).toBe(429);
      expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
    }
    // Another address has its own budget.
    expect((await from(t, '10.1.0.2', { url: '/health' })).statusCode).toBe(200);
  });

  it('does not throttle calls made with an API key (the paywall server calls for all its readers)', async () => {
    for (let i = 0; i < 6; i++) {
      await t.http.get('/v1/plans').set('Authorization', t.bearer(t.paywallKey)).expect(200);
    }
  });

  it('counts a request with an unknown or forged key like a keyless one', async () => {
    const addr = '10.1.0.3';
    for (let i = 0; i < 3; i++) {
      expect((await from(t, addr, { url: '/v1/admin/plans', headers: { authorization: 'Bearer tg_admin_forged' } })).statusCode).toBe(401);
    }
    const res = await from(t, addr, { url: '/v1/admin/plans', headers: { authorization: 'Bearer tg_admin_forged' } });
    expect(res.statusCode).toBe(429);
    await t.http.get('/v1/plans').set('Authorization', 'Bearer tg_paywall_forged').expect(429);
  });

  it('never limits the Stripe webhook (authenticated by its signature)', async () => {
    const addr = '10.1.0.4';
    for (let i = 0; i < 3; i++) await from(t, addr, { url: '/health' });
    expect((await from(t, addr, { url: '/health' })).statusCode).toBe(429);
    for (let i = 0; i < 5; i++) {
      const res = await from(t, addr, {
        method: 'POST',
        url: '/v1/webhooks/stripe',
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
        payload: '{}',
      });
      // This app has no Stripe webhook secret: the route itself answers, never the rate limit.
      expect(res.json()).toMatchObject({ code: 'STRIPE_NOT_CONFIGURED' });
    }
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says so (a client cannot pick its own address)', async () => {
    const addr = '10.1.0.5';
    for (let i = 0; i < 3; i++) {
      expect((await from(t, addr, { url: '/health', headers: { 'x-forwarded-for': `192.0.2.${i}` } })).statusCode).toBe(200);
    }
    expect((await from(t, addr, { url: '/health', headers: { 'x-forwarded-for': '192.0.2.99' } })).statusCode).toBe(429);
  });
});

describe('TRUST_PROXY', () => {
  it('takes the client address from X-Forwarded-For when the peer is a trusted proxy', async () => {
    const t = await startTestApp({ env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '10.9.0.1' } });
    try {
      const proxy = '10.9.0.1';
      for (const client of ['198.51.100.1', '198.51.100.2']) {
        for (let i = 0; i < 2; i++) {
          expect((await from(t, proxy, { url: '/health', headers: { 'x-forwarded-for': client } })).statusCode).toBe(200);
        }
        expect((await from(t, proxy, { url: '/health', headers: { 'x-forwarded-for': client } })).statusCode).toBe(429);
      }
      // From a peer that is not the trusted proxy, the header is ignored: the peer itself is counted.
      const stranger = '10.9.0.2';
      for (let i = 0; i < 2; i++) await from(t, stranger, { url: '/health', headers: { 'x-forwarded-for': `203.0.113.${i}` } });
      expect((await from(t, stranger, { url: '/health', headers: { 'x-forwarded-for': '203.0.113.50' } })).statusCode).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('refuses a value that is neither a flag, a hop count nor a list of addresses', async () => {
    expect(() => validateEnv({ TRUST_PROXY: 'yes please!' })).toThrow(/TRUST_PROXY/);
    expect(validateEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(validateEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
    expect(validateEnv({}).TRUST_PROXY).toBe(false);
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
