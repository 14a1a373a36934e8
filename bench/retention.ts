/*
 * Read-history retention under load: boots Tollgate on a throwaway PostgreSQL database, stores one old meter month of
 * N reads (default 1,000,000) over 20,000 viewers, and serves access decisions (metered re-reads by 200 signed-in
 * readers, autocannon as a child process, 50 connections) first alone, then while the retention run deletes that month
 * in its batches. Prints the decisions' req/s and p99 in both phases and how long the deletion took.
 *   npm run build && node dist/bench/retention.js [--reads N] [--seconds S]
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CLI_ACTOR } from '../src/auth/actor';
import { ApiKeysService } from '../src/api-keys/api-keys.service';
import { createApp } from '../src/bootstrap';
import { seedDemoCatalog } from '../src/catalog/demo-catalog';
import { validateEnv } from '../src/config/env.schema';
import { ReadHistoryService } from '../src/metering/read-history.service';
import { flag } from './flags';
import { ADMIN_URL, admin } from './pg-admin';

const AUTOCANNON = join(__dirname, '..', '..', 'node_modules', 'autocannon', 'autocannon.js');

interface Load {
  rps: number;
  p99: number;
  non2xx: number;
}

/** autocannon in its own process (so it does not share the service's event loop): one reader's re-read per request. */
function load(url: string, key: string, seconds: number): Promise<Load> {
  const body = JSON.stringify({ viewerId: 'bench-device', userId: 'bench-reader', articleId: 'bench-article', access: 'metered' });
  const args = [AUTOCANNON, '-j', '-c', '50', '-d', String(seconds), '-m', 'POST', '-H', `authorization=Bearer ${key}`];
  args.push('-H', 'content-type=application/json', '-b', body, url);
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      if (err) return reject(err);
      const r = JSON.parse(stdout) as { requests: { average: number }; latency: { p99: number }; non2xx: number };
      resolve({ rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx });
    }),
  );
}

async function main(): Promise<void> {
  const reads = flag('reads', 1_000_000);
  const seconds = flag('seconds', 10);
  const dbName = `tollgate_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  await admin(`CREATE DATABASE "${dbName}"`);
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    const env = validateEnv({ DATABASE_URL: dbUrl.toString(), LOG_LEVEL: 'silent', PUBLIC_RATE_LIMIT_PER_MINUTE: '0' });
    app = await createApp({ env, database: { holder: 'retention bench' } });
    await app.listen(0, '127.0.0.1');
    const ds = app.get(DataSource);
    await seedDemoCatalog(ds);
    const key = (await app.get(ApiKeysService).create(CLI_ACTOR, 'paywall', 'bench')).key;
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/v1/access/decisions`;
    // Four months back from the month in force: older than the default READ_HISTORY_MONTHS (3) keeps.
    const now = new Date();
    const old = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 4, 15)).toISOString().slice(0, 7);
    await ds.query(
      `INSERT INTO article_reads (viewer_id, period, article_id) SELECT 'v' || (i % 20000), $1, 'a' || i FROM generate_series(1, $2::int) i`,
      [old, reads],
    );
    await ds.query(`INSERT INTO meter_counters (viewer_id, period, used) SELECT 'v' || i, $1, 50 FROM generate_series(0, 19999) i`, [old]);
    await ds.query('VACUUM ANALYZE article_reads');
    await load(url, key, 2); // warm-up: connections, JIT, the reader's counted article

    const alone = await load(url, key, seconds);
    const started = process.hrtime.bigint();
    let deletedIn = 0;
    const deleting = app
      .get(ReadHistoryService)
      .runRetention()
      .then((run) => {
        deletedIn = Number(process.hrtime.bigint() - started) / 1e9;
        return run;
      });
    const during = await load(url, key, seconds);
    const run = await deleting;
    const left = ((await ds.query('SELECT count(*)::int AS n FROM article_reads WHERE period = $1', [old])) as { n: number }[])[0].n;
    const line = (name: string, l: Load) => `retention bench: ${name}: ${Math.round(l.rps)} decisions/s, p99 ${l.p99} ms, ${l.non2xx} not 2xx\n`;
    process.stdout.write(
      `retention bench: PostgreSQL, ${reads} reads of ${old} over 20,000 viewers; metered re-reads, 50 connections, ${seconds} s each\n`,
    );
    process.stdout.write(line('decisions alone', alone));
    process.stdout.write(line('decisions while deleting', during));
    process.stdout.write(
      `retention bench: deleted ${JSON.stringify(run?.deleted)} in ${deletedIn.toFixed(2)} s (${left} reads of ${old} left); ` +
        `command: npm run build && node dist/bench/retention.js --reads ${reads} --seconds ${seconds}\n`,
    );
    if (!run || left) process.exitCode = 1;
  } finally {
    await app?.close();
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`retention bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
