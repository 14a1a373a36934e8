import type { Test } from 'supertest';
import { FakeStripe, type SignOptions, type StripeObj } from './fake-stripe';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app';

/** Posts one event to the webhook route, signed by the fake as Stripe would. */
export function postEvent(t: TestApp, fake: FakeStripe, event: StripeObj, opts: SignOptions = {}): Test {
  return postPayload(t, fake, JSON.stringify(event), opts);
}

/** Posts exact bytes to the webhook route, signed by the fake. */
export function postPayload(t: TestApp, fake: FakeStripe, body: string, opts: SignOptions = {}): Test {
  const { payload, header } = fake.signPayload(body, opts);
  return t.http.post('/v1/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', header).send(payload);
}

export type DeliveryOrder = 'in-order' | 'twice' | 'reverse';

/** Delivers events the way Stripe may: in order, each twice, or in reverse; every delivery must answer 200. */
export async function deliverAll(t: TestApp, fake: FakeStripe, events: StripeObj[], order: DeliveryOrder = 'in-order'): Promise<void> {
  const sequence = order === 'reverse' ? [...events].reverse() : order === 'twice' ? events.flatMap((e) => [e, e]) : events;
  for (const event of sequence) {
    const res = await postEvent(t, fake, event);
    if (res.status !== 200) throw new Error(`Delivery of ${event.type} ${event.id} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
}

/** Delivers what the fake emitted since the last call. */
export function deliverPending(t: TestApp, fake: FakeStripe, order: DeliveryOrder = 'in-order'): Promise<void> {
  return deliverAll(t, fake, fake.takeEvents(), order);
}

export function stripeEnv(fake: FakeStripe): Record<string, string> {
  return { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: fake.webhookSecret, STRIPE_API_URL: fake.url };
}

export const CHECKOUT_URLS = { successUrl: 'https://news.example/done', cancelUrl: 'https://news.example/plans' };

/** A test app wired to a fresh fake Stripe (demo catalog seeded unless told otherwise). */
export interface StripeTestApp {
  t: TestApp;
  fake: FakeStripe;
  close(): Promise<void>;
}

export async function startStripeTestApp(opts: TestAppOptions = {}): Promise<StripeTestApp> {
  const fake = await FakeStripe.start();
  const t = await startTestApp({ seed: true, ...opts, env: { ...stripeEnv(fake), ...opts.env } });
  return {
    t,
    fake,
    close: async () => {
      await t.close();
      await fake.close();
    },
  };
}

/** The reader goes through Checkout for a plan and pays (or not); returns what Stripe made. Events stay pending. */
export async function checkout(
  t: TestApp,
  fake: FakeStripe,
  userId: string,
  opts: { planCode?: string; pay?: boolean; email?: string } = {},
): Promise<{ sessionId: string; subscription: StripeObj; invoice: StripeObj; events: StripeObj[] }> {
  const res = await t.http
    .post(`/v1/users/${userId}/checkout-sessions`)
    .set('Authorization', t.bearer(t.paywallKey))
    .send({ planCode: opts.planCode ?? 'smart_quarterly', ...CHECKOUT_URLS, ...(opts.email ? { email: opts.email } : {}) });
  if (res.status !== 201) throw new Error(`Checkout for ${userId} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { sessionId: res.body.id, ...fake.completeCheckout(res.body.id, { pay: opts.pay }) };
}

/** GET /v1/users/{userId}/subscription's body.subscription (expects 200). */
export async function subscriptionOf(t: TestApp, userId: string): Promise<StripeObj> {
  return (await t.http.get(`/v1/users/${userId}/subscription`).set('Authorization', t.bearer(t.paywallKey)).expect(200)).body.subscription;
}

/** Registers beforeAll/afterAll hooks that start and stop an app with a fake Stripe; fields are set once started. */
export function useStripeTestApp(opts: TestAppOptions = {}): StripeTestApp {
  const ctx = {} as StripeTestApp;
  beforeAll(async () => {
    Object.assign(ctx, await startStripeTestApp(opts));
  });
  afterAll(() => ctx.close?.());
  return ctx;
}
