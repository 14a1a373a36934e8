import type { FakeStripe } from '../support/fake-stripe';
import { postPayload, useStripeTestApp } from '../support/stripe-webhooks';
import type { TestApp } from '../support/test-app';

const count = async (t: TestApp) => (await t.dataSource.query('SELECT count(*)::int AS n FROM webhook_events'))[0].n as number;

describe('Stripe webhook intake: signed bodies PostgreSQL or the event shape cannot take as they are', () => {
  const ctx = useStripeTestApp();
  let t: TestApp;
  let fake: FakeStripe;
  beforeAll(() => ({ t, fake } = ctx));

  it.each(['null', '[]', '[{"object":"event"}]', '42', '"evt_1"', 'true'])('answers 400 INVALID_WEBHOOK to the signed non-object body %s, storing nothing', async (body) => {
    const before = await count(t);
    const res = await postPayload(t, fake, body);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'INVALID_WEBHOOK' });
    expect(await count(t)).toBe(before);
  });
});
