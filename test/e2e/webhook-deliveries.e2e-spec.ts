import { SubscriptionEvents } from '../../src/subscriptions/subscription.events';
import { DeliveryWorker } from '../../src/events/delivery-worker';
import { WebhookSecretBox } from '../../src/events/webhook-secret-box';
import { checkout, deliverPending, postEvent, useStripeTestApp } from '../support/stripe-webhooks';
import type { FakeStripe } from '../support/fake-stripe';
import { startTestApp, type TestApp } from '../support/test-app';
import { signedWith, WebhookReceiver } from '../support/webhook-receiver';

const DAY = 24 * 3_600_000;
const FAR = '2030-01-01T00:00:00.000Z';

describe('events out: the outbox delivered to webhook endpoints', () => {
  const ctx = useStripeTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' } });
  let t: TestApp;
  let fake: FakeStripe;
  let receiver: WebhookReceiver;
  const endpoints: string[] = [];
  beforeAll(async () => {
    ({ t, fake } = ctx);
    receiver = await WebhookReceiver.start();
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.respond = () => 200;
  });
  // Each test's endpoint goes with it (its deliveries too), so later events reach only the next test's.
  afterEach(async () => {
    for (const id of endpoints.splice(0)) await t.http.delete(`/v1/admin/webhook-endpoints/${id}`).set('Authorization', admin());
  });

  const admin = () => t.bearer(t.adminKey);
  const worker = () => t.app.get(DeliveryWorker);
  async function endpoint(events: string[], url = receiver.url): Promise<{ id: string; secret: string }> {
    const res = await t.http.post('/v1/admin/webhook-endpoints').set('Authorization', admin()).send({ url, events }).expect(201);
    endpoints.push(res.body.id);
    return { id: res.body.id, secret: res.body.secret };
  }
  const grant = (userId: string) =>
    t.http
      .post(`/v1/admin/users/${userId}/grants`)
      .set('Authorization', admin())
      .send({ benefitCode: 'premium_stories', expiresAt: FAR, reason: 'goodwill' })
      .expect(201);
  const deliveries = async (endpointId: string, status = '') =>
    (await t.http.get(`/v1/admin/webhook-endpoints/${endpointId}/deliveries${status}`).set('Authorization', admin()).expect(200)).body.deliveries;
  /** Moves the app's clock and runs the worker now (instead of waiting for its next poll). */
  async function advance(ms: number): Promise<void> {
    t.clock.advance(ms);
    await worker().idle();
    worker().nudge();
  }

  it('sends each event signed (Tollgate-Signature, Tollgate-Event-Id, JSON) to the endpoints subscribed to it', async () => {
    const ep = await endpoint(['grant.*', 'entitlements.changed']);
    const other = await endpoint(['subscription.*']);
    const made = (await grant('u_signed')).body;
    const got = await receiver.waitFor(2);
    expect(got.map((r) => r.json.type).sort()).toEqual(['entitlements.changed', 'grant.created']);
    for (const r of got) {
      expect(signedWith(r, ep.secret, t.clock.now())).toBe(true);
      expect(signedWith(r, other.secret, t.clock.now())).toBe(false);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['tollgate-event-id']).toBe(r.json.id);
      expect(r.json).toEqual({
        id: expect.stringMatching(/^evt_[0-9a-f]{24}$/),
        type: r.json.type,
        createdAt: expect.any(String),
        data: expect.any(Object),
      });
    }
    const created = got.find((r) => r.json.type === 'grant.created')!;
    expect(created.json.data).toEqual({ userId: 'u_signed', grant: made });
    expect(got.find((r) => r.json.type === 'entitlements.changed')!.json.data).toEqual({
      userId: 'u_signed',
      cause: 'grant.created',
      grantId: made.id,
    });

    await waitUntil(async () => (await deliveries(ep.id, '?status=succeeded')).length === 2);
    const list = await deliveries(ep.id);
    expect(list).toHaveLength(2);
    for (const d of list) {
      expect(d).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        eventId: expect.stringMatching(/^evt_/),
        eventType: expect.stringMatching(/^(grant\.created|entitlements\.changed)$/),
        status: 'succeeded',
        attempts: 1,
        nextAttemptAt: null,
        lastAttemptAt: expect.any(String),
        lastStatusCode: 200,
        lastError: null,
        createdAt: expect.any(String),
        deliveredAt: expect.any(String),
      });
    }
    expect(await deliveries(ep.id, '?status=pending')).toEqual([]);
    expect(await deliveries(other.id)).toEqual([]);

    await t.http.delete(`/v1/admin/users/u_signed/grants/${made.id}`).set('Authorization', admin()).expect(204);
    const revoked = (await receiver.waitFor(4)).slice(2);
    expect(revoked.map((r) => r.json.type).sort()).toEqual(['entitlements.changed', 'grant.revoked']);
    expect(revoked.find((r) => r.json.type === 'grant.revoked')!.json.data.grant).toMatchObject({ id: made.id, revokedAt: expect.any(String) });
  });

  it('a receiver answering 500 gets the event again on a retry within a minute, then the delivery succeeds', async () => {
    const ep = await endpoint(['grant.created']);
    let calls = 0;
    receiver.respond = () => (++calls === 1 ? 500 : 200);
    await grant('u_retry');
    const [first] = await receiver.waitFor(1);
    await waitUntil(async () => (await deliveries(ep.id))[0]?.lastStatusCode === 500);
    const [failed] = await deliveries(ep.id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500', deliveredAt: null });
    const wait = new Date(failed.nextAttemptAt).getTime() - new Date(failed.lastAttemptAt).getTime();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60_000);

    await advance(wait);
    const [, second] = await receiver.waitFor(2);
    expect(second.body).toBe(first.body);
    expect(second.headers['tollgate-delivery-attempt']).toBe('2');
    expect(signedWith(second, ep.secret, t.clock.now())).toBe(true);
    await waitUntil(async () => (await deliveries(ep.id))[0]?.status === 'succeeded');
    expect((await deliveries(ep.id))[0]).toMatchObject({ attempts: 2, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
  });

  it('a change that rolls back sends nothing; the same change committed later is sent', async () => {
    await endpoint(['subscription.*', 'entitlements.changed', 'invoice.*']);
    const events = t.app.get(SubscriptionEvents);
    let failAfterWrite = true;
    // Registered after the outbox's listener: the events are written, then the webhook's transaction fails.
    events.onStored(() => {
      if (failAfterWrite) throw new Error('injected failure after the write');
    });
    const before = await outboxCount();
    const { events: stripeEvents } = await checkout(t, fake, 'u_rollback');
    fake.takeEvents();
    for (const e of stripeEvents) await postEvent(t, fake, e);
    expect(await outboxCount()).toBe(before);
    await worker().idle();
    await sleep(1500);
    expect(receiver.received).toEqual([]);

    failAfterWrite = false;
    for (const e of stripeEvents) await postEvent(t, fake, e).expect(200);
    await waitUntil(() => receiver.received.some((r) => r.json.type === 'invoice.paid'));
    const types = receiver.received.map((r) => r.json.type);
    expect(types).toEqual(expect.arrayContaining(['subscription.created', 'entitlements.changed', 'invoice.paid']));
    expect(types.filter((x) => x === 'subscription.created')).toHaveLength(1);
  });

  it('reports a lifecycle: created, canceled (pending), resumed, with the API shapes (Money, plan code)', async () => {
    await endpoint(['subscription.*', 'invoice.paid']);
    await checkout(t, fake, 'u_life');
    await deliverPending(t, fake);
    const paywall = t.bearer(t.paywallKey);
    await t.http.post('/v1/users/u_life/subscription/cancel').set('Authorization', paywall).expect(200);
    await deliverPending(t, fake);
    await t.http.post('/v1/users/u_life/subscription/resume').set('Authorization', paywall).expect(200);
    await deliverPending(t, fake);
    await waitUntil(() => receiver.received.some((r) => r.json.type === 'subscription.resumed'));
    const byType = (type: string) => receiver.received.filter((r) => r.json.type === type).map((r) => r.json.data);
    expect(receiver.received.map((r) => r.json.type).sort()).toEqual([
      'invoice.paid',
      'subscription.canceled',
      'subscription.created',
      'subscription.resumed',
    ]);
    const [created] = byType('subscription.created');
    expect(created).toMatchObject({
      userId: 'u_life',
      subscription: {
        planCode: 'smart_quarterly',
        status: 'active',
        cancelAtPeriodEnd: false,
        price: { amountMinor: expect.any(Number), currency: 'INR', formatted: expect.stringContaining('₹') },
        currentPeriodEnd: expect.any(String),
      },
    });
    expect(byType('subscription.canceled')[0].subscription.cancelAtPeriodEnd).toBe(true);
    expect(byType('invoice.paid')[0]).toMatchObject({
      userId: 'u_life',
      invoice: { status: 'paid', amountPaid: { currency: 'INR', formatted: expect.any(String) } },
    });
  });

  it('the retry route sends a delivery again now (202, audited); unknown ids are 404, a bad status filter 400', async () => {
    const ep = await endpoint(['grant.created']);
    await grant('u_replay');
    await receiver.waitFor(1);
    await waitUntil(async () => (await deliveries(ep.id))[0]?.status === 'succeeded');
    const [done] = await deliveries(ep.id);
    const res = await t.http.post(`/v1/admin/webhook-deliveries/${done.id}/retry`).set('Authorization', admin()).expect(202);
    expect(res.body).toEqual({ ...done, status: 'pending', nextAttemptAt: expect.any(String) });
    expect(Math.abs(new Date(res.body.nextAttemptAt).getTime() - t.clock.now().getTime())).toBeLessThan(5000);
    const [, again] = await receiver.waitFor(2);
    expect(again.json.id).toBe(done.eventId);
    await waitUntil(async () => (await deliveries(ep.id))[0]?.attempts === 2);
    const audit = (await t.http.get('/v1/admin/audit-log').set('Authorization', admin()).expect(200)).body.entries;
    expect(audit.find((e: { action: string }) => e.action === 'webhook_delivery.retry')).toMatchObject({ entityId: done.id });

    const missing = '00000000-0000-4000-8000-000000000000';
    for (const id of [missing, 'nope']) {
      expect((await t.http.post(`/v1/admin/webhook-deliveries/${id}/retry`).set('Authorization', admin()).expect(404)).body.code).toBe(
        'WEBHOOK_DELIVERY_NOT_FOUND',
      );
      expect((await t.http.get(`/v1/admin/webhook-endpoints/${id}/deliveries`).set('Authorization', admin()).expect(404)).body.code).toBe(
        'WEBHOOK_ENDPOINT_NOT_FOUND',
      );
    }
    expect(
      (await t.http.get(`/v1/admin/webhook-endpoints/${ep.id}/deliveries?status=sent`).set('Authorization', admin()).expect(400)).body.code,
    ).toBe('VALIDATION_FAILED');
    await t.http.get(`/v1/admin/webhook-endpoints/${ep.id}/deliveries`).expect(401);
    await t.http.post(`/v1/admin/webhook-deliveries/${done.id}/retry`).set('Authorization', t.bearer(t.paywallKey)).expect(403);
  });

  it('retries for three days, then fails the delivery and disables the endpoint (audited)', async () => {
    const ep = await endpoint(['grant.created']);
    receiver.respond = () => 503;
    await grant('u_down');
    await receiver.waitFor(1);
    await advance(DAY);
    await receiver.waitFor(2);
    await waitUntil(async () => (await deliveries(ep.id))[0]?.attempts === 2);
    expect((await t.http.get(`/v1/admin/webhook-endpoints/${ep.id}`).set('Authorization', admin()).expect(200)).body.status).toBe('enabled');
    await advance(2 * DAY);
    await receiver.waitFor(3);
    await waitUntil(async () => (await deliveries(ep.id))[0]?.status === 'failed');
    expect((await deliveries(ep.id))[0]).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 503, nextAttemptAt: null });
    expect((await t.http.get(`/v1/admin/webhook-endpoints/${ep.id}`).set('Authorization', admin()).expect(200)).body.status).toBe('disabled');
    const audit = (await t.http.get('/v1/admin/audit-log').set('Authorization', admin()).expect(200)).body.entries;
    expect(audit.find((e: { action: string; entityId: string }) => e.action === 'webhook_endpoint.disable' && e.entityId === ep.id)).toMatchObject({
      actor: 'system',
    });
    // A disabled endpoint is sent nothing new.
    await grant('u_down_later');
    await sleep(1500);
    expect(receiver.received).toHaveLength(3);
  });

  async function outboxCount(): Promise<number> {
    return (await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_events`))[0].n;
  }
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describe('events out: the URL rule checked again at delivery time', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('an endpoint on a private address (stored before the rule was tightened) is sent nothing; the attempt fails and is retried', async () => {
    // As if created while WEBHOOK_ALLOW_PRIVATE_URLS was true, then the service restarted without it.
    const { sealed } = t.app.get(WebhookSecretBox).issue();
    const [{ id }] = await t.dataSource.query(`INSERT INTO webhook_endpoints (url, events, secret_encrypted) VALUES ($1, $2, $3) RETURNING id`, [
      receiver.url,
      ['grant.created'],
      sealed,
    ]);
    await t.http
      .post('/v1/admin/users/u_private/grants')
      .set('Authorization', t.bearer(t.adminKey))
      .send({ benefitCode: 'premium_stories', expiresAt: FAR, reason: 'goodwill' })
      .expect(201);
    const list = async () =>
      (await t.http.get(`/v1/admin/webhook-endpoints/${id}/deliveries`).set('Authorization', t.bearer(t.adminKey)).expect(200)).body.deliveries;
    await waitUntil(async () => (await list())[0]?.attempts === 1 && (await list())[0]?.lastError !== null);
    expect((await list())[0]).toMatchObject({ status: 'pending', lastStatusCode: null, lastError: 'url not allowed (private_host)' });
    expect(receiver.received).toEqual([]);
  });
});
