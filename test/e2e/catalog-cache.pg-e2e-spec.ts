import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, TestApp } from '../support/test-app';

// Two service instances on one PostgreSQL database: each keeps GET /v1/plans rendered in memory, so a write on
// one shows on the other once that instance's rendering is CACHE_TTL_SECONDS old, never later.
describe('catalog cache across instances (PostgreSQL)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ seed: true, env: { CACHE_TTL_SECONDS: '2' } });
    b = await startTestApp({ db: a.db, env: { CACHE_TTL_SECONDS: '2' } });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const priceOf = async (t: TestApp, code: string) => {
    const res = await t.http.get('/v1/plans').expect(200);
    const plan = res.body.plans.find((p: { code: string }) => p.code === code);
    return { etag: res.headers['etag'] as string, amountMinor: plan?.price.amountMinor as number | undefined };
  };

  it('serves its rendering until CACHE_TTL_SECONDS, then shows the other instance’s write (instance clock)', async () => {
    a.clock.set('2026-11-25T10:00:00.000Z');
    const before = await priceOf(a, 'smart_quarterly');
    expect(before.amountMinor).toBe(90000);

    await b.http
      .post('/v1/admin/plans/smart_quarterly/prices')
      .set('Authorization', b.bearer(b.adminKey))
      .send({ amountMinor: 93000, currency: 'INR' })
      .expect(201);
    // The writer sees its own write at once; both instances render the same bytes, so the same ETag.
    const onB = await priceOf(b, 'smart_quarterly');
    expect(onB.amountMinor).toBe(93000);

    a.clock.advance(1999);
    expect(await priceOf(a, 'smart_quarterly')).toEqual(before); // still within the bound: served from memory
    a.clock.advance(1);
    expect(await priceOf(a, 'smart_quarterly')).toEqual(onB); // at the bound: re-read
    a.clock.reset();
  });

  it('shows a change made on another instance within CACHE_TTL_SECONDS of real time', async () => {
    const before = await priceOf(a, 'super_saver');
    await b.http.post('/v1/admin/plans/super_saver/archive').set('Authorization', b.bearer(b.adminKey)).expect(200);
    // A's rendering is at most CACHE_TTL_SECONDS old by now + 2 s, whenever it was made.
    await sleep(2000 + 100);
    const after = await priceOf(a, 'super_saver');
    expect(after.amountMinor).toBeUndefined();
    expect(after.etag).not.toBe(before.etag);
    expect(after.etag).toBe((await priceOf(b, 'super_saver')).etag);
  });
});
