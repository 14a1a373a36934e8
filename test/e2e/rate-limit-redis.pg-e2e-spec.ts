import type { InjectOptions } from 'fastify';
import { validateEnv } from '../../src/config/env.schema';
import { startTestApp, type TestApp } from '../support/test-app';
import { openTestRedis, type TestRedis } from '../support/test-redis';
import { startTwoInstances, type TwoInstances } from '../support/two-instances';

// PUBLIC_RATE_LIMIT_PER_MINUTE with REDIS_URL: one count per client address across every instance. Runs in the
// postgres project (two instances need one shared database); Redis must run, as PostgreSQL must (.ci/run starts both).
const LIMIT = 6;

const from = (t: TestApp, remoteAddress: string, opts: InjectOptions & { url: string }) =>
  t.app
    .getHttpAdapter()
    .getInstance()
    .inject({ method: 'GET', ...opts, remoteAddress });

describe('the public rate limit shared through Redis by two instances', () => {
  let redis: TestRedis;
  let two: TwoInstances;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    redis = await openTestRedis();
    two = await startTwoInstances({
      env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: redis.prefix, PUBLIC_RATE_LIMIT_PER_MINUTE: String(LIMIT) },
    });
    ({ a, b } = two);
  });
  afterAll(async () => {
    await two?.close();
    await redis?.close();
  });

  it('allows exactly the limit to one address over both instances, then 429 with Retry-After on either', async () => {
    const addr = '10.20.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await from(i % 2 ? a : b, addr, { url: '/health' })).statusCode);
    expect(statuses).toEqual(Array(LIMIT).fill(200));
    for (const t of [a, b]) {
      const res = await from(t, addr, { url: '/v1/plans' });
      expect(res.statusCode).toBe(429);
      expect(res.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
    // The count lives in Redis under this deployment's prefix, with the window as its expiry.
    const keys = await redis.client.keys(`${redis.prefix}rate-limit:*${addr}`);
    expect(keys).toHaveLength(1);
    expect(await redis.client.get(keys[0])).toBe(String(LIMIT + 2));
    expect(await redis.client.pttl(keys[0])).toBeGreaterThan(0);
  });

  it('counts concurrent calls split over both instances exactly: the limit succeeds, the rest are 429', async () => {
    const addr = '10.20.0.2';
    const results = await Promise.all(Array.from({ length: 3 * LIMIT }, (_, i) => from(i % 2 ? a : b, addr, { url: '/health' })));
    const ok = results.filter((r) => r.statusCode === 200);
    const limited = results.filter((r) => r.statusCode === 429);
    expect(ok).toHaveLength(LIMIT);
    expect(limited).toHaveLength(2 * LIMIT);
    expect(limited.every((r) => Number(r.headers['retry-after']) > 0)).toBe(true);
  });

  it('still gives each address its own budget, and calls with an API key are not counted', async () => {
    for (let i = 0; i < 3; i++) await a.http.get('/v1/plans').set('Authorization', a.bearer(a.paywallKey)).expect(200);
    expect((await from(b, '10.20.0.3', { url: '/health' })).statusCode).toBe(200);
  });
});

describe('REDIS_URL', () => {
  it('is validated at boot: a value that is not a redis:// URL stops the start, naming the variable', () => {
    expect(() => validateEnv({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => validateEnv({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL/);
    expect(() => validateEnv({ REDIS_KEY_PREFIX: 'has space' })).toThrow(/REDIS_KEY_PREFIX/);
    expect(validateEnv({ REDIS_URL: 'redis://:secret@cache.internal:6380/2' }).REDIS_URL).toBe('redis://:secret@cache.internal:6380/2');
    expect(validateEnv({ REDIS_URL: 'rediss://cache.internal' }).REDIS_URL).toBe('rediss://cache.internal');
  });

  it('with Redis unreachable, the service starts and keeps serving keyless calls (the limit is not enforced)', async () => {
    // Port 1: nothing listens there, so every connection attempt is refused.
    const t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1', PUBLIC_RATE_LIMIT_PER_MINUTE: '1' } });
    try {
      for (let i = 0; i < 3; i++) expect((await from(t, '10.20.0.4', { url: '/health' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
