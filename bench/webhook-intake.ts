/*
 * Webhook intake throughput: boots Tollgate on a throwaway PostgreSQL database with the fake Stripe on loopback,
 * posts N signed `customer.subscription.updated` events (each verified, stored once, re-read from Stripe and
 * upserted under its lock) with a bounded number in flight, and prints events/s with the command that made it.
 * Then events out, in the same run: the intake of new subscriptions (each writes subscription.created and
 * entitlements.changed into the outbox), with the outbox written (no endpoint; and an endpoint subscribed on a loopback
 * receiver) as ratios to the same intake with the outbox's insert switched off (interleaved rounds, median), and the outbound delivery throughput of a
 * backlog of events to that receiver.
 * Plain output lines, for bench/run.ts to relay.
 *   node dist/bench/webhook-intake.js [--events N] [--concurrency C] [--outbox-events N] [--outbox-rounds R] [--deliveries N]
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { CLI_ACTOR } from '../src/auth/actor';
import { createApp } from '../src/bootstrap';
import { seedDemoCatalog } from '../src/catalog/demo-catalog';
import { validateEnv } from '../src/config/env.schema';
import { Transactions } from '../src/database/transactions';
import { OutboxWriter } from '../src/events/outbox-writer';
import { WebhookEndpointsService } from '../src/events/webhook-endpoints.service';
import { flag } from './flags';
import { ADMIN_URL, admin } from './pg-admin';
import { DataSource } from 'typeorm';
import { FakeStripe, StripeObj } from '../test/support/fake-stripe';

async function main(): Promise<void> {
  const events = flag('events', 1000);
  const concurrency = flag('concurrency', 8);
  const subscriptions = Math.min(events, flag('subscriptions', 100));
  const dbName = `tollgate_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  await admin(`CREATE DATABASE "${dbName}"`);
  const fake = await FakeStripe.start();
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    const env = validateEnv({
      DATABASE_URL: dbUrl.toString(),
      LOG_LEVEL: 'silent',
      STRIPE_SECRET_KEY: 'sk_test_bench',
      STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
      STRIPE_API_URL: fake.url,
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      WEBHOOK_SECRET_KEY: 'be'.repeat(32),
    });
    app = await createApp({ env, database: { holder: 'webhook-intake bench' } });
    await app.listen(0, '127.0.0.1');
    await seedDemoCatalog(app.get(DataSource));
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/v1/webhooks/stripe`;

    const price = fake.createRecurringPrice({ amount: 90_000, months: 3, lookupKey: 'smart_quarterly' });
    const subs: StripeObj[] = [];
    for (let i = 0; i < subscriptions; i++)
      subs.push(fake.createExternalSubscription(price.id, { metadata: { user_id: `bench_${i}` } }).subscription);
    fake.takeEvents();
    // Signed when posted, not up front: a slow run must not outlive the 300 s signature tolerance.
    const deliveries = Array.from(
      { length: events },
      (_, i) => () =>
        fake.sign({
          id: `evt_bench_${i}_${randomBytes(4).toString('hex')}`,
          object: 'event',
          api_version: '2026-10-28.endive',
          created: Math.floor(Date.now() / 1000),
          data: { object: subs[i % subs.length] },
          livemode: false,
          pending_webhooks: 1,
          request: { id: null, idempotency_key: null },
          type: 'customer.subscription.updated',
        }),
    );

    // Warm-up (connections, JIT), not counted.
    for (const d of deliveries.splice(0, Math.min(20, Math.floor(events / 10)))) await post(url, d());
    let next = 0;
    let ok = 0;
    let failed = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < deliveries.length) {
          const d = deliveries[next++];
          if ((await post(url, d())) === 200) ok++;
          else failed++;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rate = deliveries.length / seconds;
    process.stdout.write(
      `webhook intake: ${deliveries.length} signed customer.subscription.updated events over ${subs.length} subscriptions, ` +
        `${concurrency} in flight, PostgreSQL, fake Stripe on loopback\n`,
    );
    process.stdout.write(`webhook intake: ${rate.toFixed(1)} events/s (${ok} answered 200, ${failed} not) in ${seconds.toFixed(2)} s\n`);
    process.stdout.write(
      `webhook intake command: npm run build && node dist/bench/webhook-intake.js --events ${events} --concurrency ${concurrency} --subscriptions ${subscriptions} ` +
        `--outbox-events ${flag('outbox-events', 300)} --outbox-rounds ${flag('outbox-rounds', 3)} --deliveries ${flag('deliveries', 1000)}\n`,
    );
    if (failed) process.exitCode = 1;
    await eventsOut(app, url, fake, price.id, concurrency);
  } finally {
    await app?.close();
    await fake.close();
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
}

/** Posts the deliveries with `concurrency` in flight; returns events/s and how many did not answer 200. */
async function intake(
  url: string,
  deliveries: (() => { payload: string; header: string })[],
  concurrency: number,
): Promise<{ rate: number; failed: number }> {
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < deliveries.length) if ((await post(url, deliveries[next++]())) !== 200) failed++;
    }),
  );
  return { rate: deliveries.length / (Number(process.hrtime.bigint() - started) / 1e9), failed };
}

/** A signed Stripe event of `type` about `object`, made when posted. */
function stripeEvent(fake: FakeStripe, type: string, object: StripeObj): () => { payload: string; header: string } {
  return () =>
    fake.sign({
      id: `evt_bench_${randomBytes(8).toString('hex')}`,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Events out: intake with an endpoint subscribed vs none, then the delivery worker's throughput to a loopback receiver. */
async function eventsOut(
  app: Awaited<ReturnType<typeof createApp>>,
  url: string,
  fake: FakeStripe,
  priceId: string,
  concurrency: number,
): Promise<void> {
  const perPhase = flag('outbox-events', 300);
  const rounds = flag('outbox-rounds', 3);
  const backlog = flag('deliveries', 1000);
  let received = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  const endpoints = app.get(WebhookEndpointsService);
  const dataSource = app.get(DataSource);
  const hook = await endpoints.create(CLI_ACTOR, {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
    events: ['subscription.*', 'entitlements.changed'],
  });
  const setEndpoint = (status: 'enabled' | 'disabled') => endpoints.update(CLI_ACTOR, hook.id, { status });
  /** Waits until the receiver has had `count` deliveries (or 120 s passed). */
  const drained = async (count: number) => {
    for (const deadline = Date.now() + 120_000; received < count && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20));
  };
  try {
    const newSubscriptions = () =>
      Array.from({ length: perPhase }, (_, i) =>
        stripeEvent(
          fake,
          'customer.subscription.created',
          fake.createExternalSubscription(priceId, { metadata: { user_id: `bench_out_${randomBytes(4).toString('hex')}_${i}` } }).subscription,
        ),
      );
    // Phase 'off': the outbox not written at all (the writer's insert replaced in this bench process only), the rate
    // "without it"; 'none': written, no endpoint subscribed; 'endpoint': written and delivered to the receiver.
    const outboxWriter = app.get(OutboxWriter);
    const write = outboxWriter.write.bind(outboxWriter);
    const rates = { off: [] as number[], none: [] as number[], endpoint: [] as number[] };
    let failed = 0;
    let expected = 0;
    for (let round = 0; round < rounds; round++) {
      for (const phase of ['off', 'none', 'endpoint'] as const) {
        outboxWriter.write = phase === 'off' ? async () => 'evt_not_written' : write;
        await setEndpoint(phase === 'endpoint' ? 'enabled' : 'disabled');
        const deliveries = newSubscriptions();
        fake.takeEvents();
        const r = await intake(url, deliveries, concurrency);
        rates[phase].push(r.rate);
        failed += r.failed;
        // Two events per new subscription reach the endpoint; the next phase starts once they have (no backlog carried
        // over), and a phase with no endpoint ends once its events are fanned out (to no one).
        if (phase === 'endpoint') await drained((expected += 2 * perPhase));
        else
          while ((await dataSource.query(`SELECT 1 FROM outbox_events WHERE fanned_out = false LIMIT 1`)).length)
            await new Promise((r) => setTimeout(r, 20));
      }
    }
    outboxWriter.write = write;
    const off = median(rates.off);
    const none = median(rates.none);
    const withEndpoint = median(rates.endpoint);
    process.stdout.write(
      `events out: intake of ${perPhase} new subscriptions per phase (each writes subscription.created and entitlements.changed to the outbox), ` +
        `${concurrency} in flight, ${rounds} interleaved rounds, medians\n`,
    );
    process.stdout.write(
      `events out: intake without the outbox ${off.toFixed(1)} events/s; with the outbox written, no endpoint ${none.toFixed(1)} events/s ` +
        `(ratio ${(none / off).toFixed(2)}); with it written and delivered to a subscribed endpoint ${withEndpoint.toFixed(1)} events/s ` +
        `(ratio ${(withEndpoint / off).toFixed(2)})${failed ? ` (${failed} not answered 200)` : ''}\n`,
    );

    // A backlog written at once (as after an outage), then timed until the receiver has every delivery.
    await setEndpoint('enabled');
    const start = received;
    const tx = app.get(Transactions);
    const started = process.hrtime.bigint();
    for (let written = 0; written < backlog; written += 100) {
      await tx.run(async (em) => {
        for (let i = written; i < Math.min(backlog, written + 100); i++)
          await outboxWriter.write(em, 'entitlements.changed', { userId: `bench_${i}`, cause: 'bench' });
      });
    }
    await drained(start + backlog);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(
      `events out: delivery of ${received - start} of ${backlog} events to a loopback receiver (signed POST, 200 at once): ${((received - start) / seconds).toFixed(1)} events/s\n`,
    );
    if (failed || received - start < backlog) process.exitCode = 1;
  } finally {
    await new Promise((ok) => receiver.close(ok));
  }
}

async function post(url: string, d: { payload: string; header: string }): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': d.header }, body: d.payload });
  await res.arrayBuffer();
  return res.status;
}

main().catch((err: unknown) => {
  process.stderr.write(`webhook intake bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
