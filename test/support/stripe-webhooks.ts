import type { Test } from 'supertest';
import type { FakeStripe, StripeObj } from './fake-stripe';
import type { TestApp } from './test-app';

/** Posts one event to the webhook route, signed by the fake as Stripe would. */
export function postEvent(t: TestApp, fake: FakeStripe, event: StripeObj, opts: { timestamp?: number; secret?: string } = {}): Test {
  const { payload, header } = fake.sign(event, opts);
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
