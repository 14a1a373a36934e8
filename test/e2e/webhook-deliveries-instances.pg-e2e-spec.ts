import fc from 'fast-check';
import { DeliveryWorker } from '../../src/events/delivery-worker';
import type { TestApp } from '../support/test-app';
import { startTwoInstances, type TwoInstances } from '../support/two-instances';
import { signedWith, WebhookReceiver } from '../support/webhook-receiver';

const FAR = '2030-01-01T00:00:00.000Z';

describe('two instances on one PostgreSQL deliver the outbox together', () => {
  let two: TwoInstances;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    two = await startTwoInstances({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' } });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await two?.close();
    await receiver?.close();
  });

  const grantOn = (t: TestApp, userId: string) =>
    t.http
      .post(`/v1/admin/users/${userId}/grants`)
      .set('Authorization', t.bearer(t.adminKey))
      .send({ benefitCode: 'premium_stories', expiresAt: FAR, reason: 'load' })
      .expect(201);

  it('every event is delivered, and no (delivery, attempt) is ever sent twice, with retries in between', async () => {
    const { a, b } = two;
    const ep = (
      await a.http
        .post('/v1/admin/webhook-endpoints')
        .set('Authorization', a.bearer(a.adminKey))
        .send({ url: receiver.url, events: ['grant.created'] })
        .expect(201)
    ).body;
    // Both instances' workers send (each attempt is counted where it is made).
    const sent = { a: 0, b: 0 };
    for (const [name, t] of [
      ['a', a],
      ['b', b],
    ] as const) {
      const worker = t.app.get(DeliveryWorker) as unknown as { attempt: (x: unknown) => Promise<void> };
      const original = worker.attempt.bind(worker);
      worker.attempt = (x) => (sent[name]++, original(x));
    }
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ on: fc.constantFrom('a', 'b'), failFirst: fc.boolean() }), { minLength: 20, maxLength: 60 }),
        async (writes) => {
          run++;
          receiver.received.length = 0;
          const failing = new Set<string>();
          receiver.respond = (r) => {
            const key = r.json.data.userId as string;
            // The first attempt at some events fails: their retries must not be sent twice either.
            if (failing.has(key) && r.headers['tollgate-delivery-attempt'] === '1') return 500;
            return 200;
          };
          writes.forEach((w, i) => w.failFirst && failing.add(`u_${run}_${i}`));
          await Promise.all(writes.map((w, i) => grantOn(w.on === 'a' ? a : b, `u_${run}_${i}`)));
          const expected = writes.length + failing.size;
          await receiver.waitFor(failing.size ? writes.length : expected, 30_000);
          if (failing.size) {
            // Once every first attempt is recorded, past the first retry's delay on both instances.
            for (let leased = 1; leased > 0; await new Promise((r) => setTimeout(r, 50))) {
              leased = (await a.dataSource.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE lease_until IS NOT NULL`))[0].n;
            }
            for (const t of [a, b]) t.clock.advance(60_000);
            for (const t of [a, b]) t.app.get(DeliveryWorker).nudge();
            await receiver.waitFor(expected, 30_000);
          }
          // Every outcome recorded (the last answers may still be on their way into the database).
          const ofRun = `SELECT status, count(*)::int AS n FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id
                          WHERE e.data->>'userId' LIKE $1 GROUP BY status`;
          let rows: { status: string; n: number }[] = [];
          for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
            rows = await a.dataSource.query(ofRun, [`u\\_${run}\\_%`]);
            if (rows.every((r) => r.status !== 'pending')) break;
          }
          const attempts = receiver.received.map(
            (r) => `${String(r.headers['tollgate-delivery-id'])}#${String(r.headers['tollgate-delivery-attempt'])}`,
          );
          expect(new Set(attempts).size).toBe(attempts.length);
          expect(receiver.received).toHaveLength(expected);
          const users = new Set(receiver.received.map((r) => r.json.data.userId as string));
          expect(users.size).toBe(writes.length);
          for (const r of receiver.received) expect(signedWith(r, ep.secret, a.clock.now())).toBe(true);
          expect(rows).toEqual([{ status: 'succeeded', n: writes.length }]);
        },
      ),
      { numRuns: 3 },
    );
    expect(sent.a).toBeGreaterThan(0);
    expect(sent.b).toBeGreaterThan(0);
  }, 180_000);
});
