import type { FakeStripe } from '../support/fake-stripe';
import { checkout, deliverPending, useStripeTestApp } from '../support/stripe-webhooks';
import type { TestApp } from '../support/test-app';

/**
 * The entitlement check caches a user's facts per instance (CACHE_TTL_SECONDS). A webhook that changes the user's
 * subscription on THIS instance must take effect on the very next check, not after the TTL (five minutes here).
 */
describe('entitlements follow Stripe webhooks at once on the instance that processed them', () => {
  const ctx = useStripeTestApp({ env: { CACHE_TTL_SECONDS: '300' } });
  let t: TestApp;
  let fake: FakeStripe;
  beforeAll(() => ({ t, fake } = ctx));

  const check = async (userId: string) =>
    (await t.http.get(`/v1/users/${userId}/entitlements/premium_stories`).set('Authorization', t.bearer(t.paywallKey)).expect(200)).body;

  it('grants right after the subscription webhook, and takes access away right after the cancellation webhook', async () => {
    expect((await check('u_cache')).granted).toBe(false); // now cached as "no subscription"
    const done = await checkout(t, fake, 'u_cache');
    await deliverPending(t, fake);
    expect(await check('u_cache')).toMatchObject({ granted: true, source: 'subscription' });

    fake.cancelNow(done.subscription.id);
    await deliverPending(t, fake);
    expect((await check('u_cache')).granted).toBe(false);
  });
});
