import type { FakeStripe } from '../support/fake-stripe';
import { checkout, deliverPending, postEvent, useStripeTestApp } from '../support/stripe-webhooks';
import type { TestApp } from '../support/test-app';

describe('Stripe API answering 500: events kept as failed, finished by redelivery or replay', () => {
  const ctx = useStripeTestApp();
  let t: TestApp;
  let fake: FakeStripe;
  beforeAll(() => ({ t, fake } = ctx));

  async function subscribe(userId: string): Promise<string> {
    const { subscription } = await checkout(t, fake, userId);
    await deliverPending(t, fake);
    return subscription.id;
  }

  it('answers 500 and keeps the events failed (no secrets), then a replay and a redelivery complete them', async () => {
    const subId = await subscribe('u_fault');
    const before = (await t.http.get('/v1/users/u_fault/subscription').set('Authorization', t.bearer(t.paywallKey)).expect(200)).body.subscription;
    fake.renew(subId);
    const [updated, paid] = fake.takeEvents();

    fake.failing = true;
    for (const event of [updated, paid]) {
      const res = await postEvent(t, fake, event).expect(500);
      expect(res.body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: expect.any(String), errorId: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toMatch(/sk_test|whsec_|fake stripe/i);
    }
    const admin = t.bearer(t.adminKey);
    const failed = (await t.http.get('/v1/admin/webhook-events?status=failed').set('Authorization', admin).expect(200)).body.events;
    expect(failed.map((e: { id: string }) => e.id).sort()).toEqual([updated.id, paid.id].sort());
    for (const e of failed) {
      expect(e).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('Stripe'), processedAt: null });
      expect(e.lastError).not.toMatch(/sk_test_x|whsec_x/);
    }
    // Nothing changed locally while Stripe was down.
    const during = (await t.http.get('/v1/users/u_fault/subscription').set('Authorization', t.bearer(t.paywallKey)).expect(200)).body.subscription;
    expect(during).toEqual(before);

    // A replay while Stripe is still down reports the failure in the event, not as an error.
    const stillDown = await t.http.post(`/v1/admin/webhook-events/${paid.id}/replay`).set('Authorization', admin).expect(200);
    expect(stillDown.body).toMatchObject({ id: paid.id, status: 'failed', attempts: 2 });

    fake.failing = false;
    const replayed = await t.http.post(`/v1/admin/webhook-events/${paid.id}/replay`).set('Authorization', admin).expect(200);
    expect(replayed.body).toMatchObject({ id: paid.id, status: 'processed', attempts: 3, lastError: null, processedAt: expect.any(String) });
    const redelivered = await postEvent(t, fake, updated).expect(200);
    expect(redelivered.body).toMatchObject({ status: 'processed', duplicate: true });

    const after = (await t.http.get('/v1/users/u_fault/subscription').set('Authorization', t.bearer(t.paywallKey)).expect(200)).body.subscription;
    expect(after.currentPeriodStart).toBe(before.currentPeriodEnd);
    const invoices = (await t.http.get('/v1/users/u_fault/invoices').set('Authorization', t.bearer(t.paywallKey)).expect(200)).body.invoices;
    expect(invoices.map((i: { billingReason: string; status: string }) => `${i.billingReason}:${i.status}`)).toEqual([
      'subscription_cycle:paid',
      'subscription_create:paid',
    ]);
    const audit = (await t.http.get('/v1/admin/audit-log').set('Authorization', admin).expect(200)).body.entries;
    expect(audit.filter((e: { action: string }) => e.action === 'webhook_event.replay')).toHaveLength(2);
    expect((await t.http.get('/v1/admin/webhook-events?status=failed').set('Authorization', admin).expect(200)).body.events).toEqual([]);
  });

  it('a Stripe failure on cancel answers 502 STRIPE_ERROR and changes nothing locally', async () => {
    await subscribe('u_fault_cancel');
    const auth = t.bearer(t.paywallKey);
    const before = await t.dataSource.query("SELECT * FROM subscriptions WHERE user_id = 'u_fault_cancel'");
    const audits = (await t.dataSource.query('SELECT count(*)::int AS n FROM audit_log'))[0].n;
    fake.failing = true;
    try {
      const res = await t.http.post('/v1/users/u_fault_cancel/subscription/cancel').set('Authorization', auth).expect(502);
      expect(res.body.code).toBe('STRIPE_ERROR');
      expect(JSON.stringify(res.body)).not.toContain('sk_test_x');
    } finally {
      fake.failing = false;
    }
    expect(await t.dataSource.query("SELECT * FROM subscriptions WHERE user_id = 'u_fault_cancel'")).toEqual(before);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM audit_log'))[0].n).toBe(audits);
  });
});
