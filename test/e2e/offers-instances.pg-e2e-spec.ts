import type { FakeStripe } from '../support/fake-stripe';
import { CHECKOUT_URLS, deliverAll } from '../support/stripe-webhooks';
import type { TestApp } from '../support/test-app';
import { startTwoInstances, type TwoInstances } from '../support/two-instances';

// Two service instances on one PostgreSQL database and one Stripe: an offer's redemption limit is held by the
// database (the offer row lock), not by either instance's memory.
describe('offer redemption limits across two instances', () => {
  let two: TwoInstances;
  let fake: FakeStripe;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    two = await startTwoInstances({ stripe: true });
    ({ a, b, fake } = two);
  });
  afterAll(() => two?.close());

  const checkoutOn = (t: TestApp, userId: string, body: Record<string, unknown>) =>
    t.http
      .post(`/v1/users/${userId}/checkout-sessions`)
      .set('Authorization', t.bearer(t.paywallKey))
      .send({ planCode: 'smart_quarterly', ...CHECKOUT_URLS, ...body });
  const use = async () =>
    (
      await a.dataSource.query(
        `SELECT r.status, count(*)::int AS n FROM offer_redemptions r JOIN offers o ON o.id = r.offer_id WHERE o.code = 'two_only' GROUP BY r.status ORDER BY r.status`,
      )
    ).map((r: { status: string; n: number }) => [r.status, r.n]);

  it('ten concurrent Checkouts split over both instances for an offer with maxRedemptions 2 give two Sessions and eight 409s', async () => {
    await a.http
      .post('/v1/admin/offers')
      .set('Authorization', a.bearer(a.adminKey))
      .send({
        code: 'two_only',
        name: 'Two only',
        kind: 'intro_price',
        introPriceMinor: 100,
        introPeriods: 1,
        promotionCode: 'TWOONLY',
        maxRedemptions: 2,
        planCodes: ['smart_quarterly'],
      })
      .expect(201);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => checkoutOn(i % 2 ? a : b, `pg_race_${i}`, { promotionCode: 'TWOONLY' })));
    expect(results.filter((r) => r.status === 201).length).toBe(2);
    expect(results.filter((r) => r.status !== 201).map((r) => [r.status, r.body.code])).toEqual(Array(8).fill([409, 'OFFER_EXHAUSTED']));
    expect(await use()).toEqual([['reserved', 2]]);

    // One reader pays (redeemed through instance b's webhook), the other walks away (released through a's).
    const [paid, abandoned] = results.filter((r) => r.status === 201).map((r) => r.body.id as string);
    fake.completeCheckout(paid);
    const paidEvents = fake.takeEvents();
    fake.expireCheckout(abandoned);
    const expiredEvents = fake.takeEvents();
    await deliverAll(b, fake, paidEvents);
    await deliverAll(a, fake, expiredEvents);
    expect(await use()).toEqual([
      ['redeemed', 1],
      ['released', 1],
    ]);
    const again = await Promise.all([
      checkoutOn(a, 'pg_late_1', { promotionCode: 'TWOONLY' }),
      checkoutOn(b, 'pg_late_2', { promotionCode: 'TWOONLY' }),
    ]);
    expect(again.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});
