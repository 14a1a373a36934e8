/*
 * Webhook intake throughput: boots Tollgate on a throwaway PostgreSQL database with the fake Stripe on loopback,
 * posts N signed `customer.subscription.updated` events (each verified, stored once, re-read from Stripe and
 * upserted under its lock) with a bounded number in flight, and prints events/s with the command that made it.
 * Plain output lines, for bench/run.ts to relay.   node dist/bench/webhook-intake.js [--events N] [--concurrency C]
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/bootstrap';
import { seedDemoCatalog } from '../src/catalog/demo-catalog';
import { validateEnv } from '../src/config/env.schema';
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
      `webhook intake command: npm run build && node dist/bench/webhook-intake.js --events ${events} --concurrency ${concurrency} --subscriptions ${subscriptions}\n`,
    );
    if (failed) process.exitCode = 1;
  } finally {
    await app?.close();
    await fake.close();
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
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
