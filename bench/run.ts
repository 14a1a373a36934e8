/**
 * `npm run bench`: throughput and latency of the paywall's hot routes, on PostgreSQL and on embedded PGlite.
 *
 * The orchestrator (this process) starts the service in a CHILD process per database (`run.js --serve <kind>`), so the
 * load generator never shares the service's event loop and the RSS reported is the service's own. Every route runs
 * under the same settings: LOG_LEVEL=silent (pino-http still assigns request ids, but writes no line),
 * PUBLIC_RATE_LIMIT_PER_MINUTE=0, CACHE_TTL_SECONDS=2 (the default). autocannon, 50 connections: a warm-up per route,
 * then rounds that interleave the routes with the no-op, 1 s apart (no-op, route, no-op, route, …, no-op), so a load swing
 * on a shared machine hits a route and the no-op runs around it alike; the table shows medians over the rounds: req/s,
 * latency, the ratio (a route's req/s divided by the mean of the no-op runs just before and after it) and the service's
 * CPU time per request.
 *
 * Environment: BENCH_SECONDS (seconds per route per round, default 3), BENCH_ROUNDS (default 5),
 * BENCH_CONNECTIONS (default 50), BENCH_HEAP_SNAPSHOT_DIR (write the service's heap snapshot there after the run), BENCH_SERVICE_NODE_ARGS (e.g. "--cpu-prof"), BENCH_ROUTES (comma-separated parts of route names; the no-op always runs),
 * BENCH_DATABASES (default "postgres,pglite"), BENCH_POSTGRES_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres; a throwaway database is created there and dropped).
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, fork, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CLI_ACTOR } from '../src/auth/actor';
import { ApiKeysService } from '../src/api-keys/api-keys.service';
import { createApp } from '../src/bootstrap';
import { seedDemoCatalog } from '../src/catalog/demo-catalog';
import { limitHeapGrowth } from '../src/common/heap-growth';
import { Plan } from '../src/catalog/plan.entity';
import { FIRST_READ_SQL } from '../src/metering/metering.repository';
import { validateEnv } from '../src/config/env.schema';
import { Subscription } from '../src/subscriptions/subscription.entity';

type DbKind = 'postgres' | 'pglite';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WARMUP_SECONDS = 1;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PAUSE_MS = 1000;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SUBSCRIBER = 'bench-subscriber';
const MB = 1024 * 1024;

interface Ready {
  type: 'ready';
  port: number;
  paywallKey: string;
}

// ---------------------------------------------------------------- the service side (child process)

async function serve(kind: DbKind, where: string): Promise<void> {
  limitHeapGrowth(); // as src/main.ts does
  const env = validateEnv({
    LOG_LEVEL: 'silent',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '0',
    ...(kind === 'postgres' ? { DATABASE_URL: where } : { DATA_DIR: where }),
  });
  const app = await createApp({ env, database: { holder: 'tollgate bench' } });
  await app.listen(0, '127.0.0.1');
  const dataSource = app.get(DataSource);
  await seedDemoCatalog(dataSource);
  const paywallKey = (await app.get(ApiKeysService).create(CLI_ACTOR, 'paywall', 'bench')).key;
  const plan = await dataSource.getRepository(Plan).findOneByOrFail({ code: 'smart_quarterly' });
  const now = Date.now();
  const existing = await dataSource.getRepository(Subscription).findOneBy({ stripeSubscriptionId: 'sub_bench' });
  await dataSource.getRepository(Subscription).save({
    id: existing?.id,
    stripeSubscriptionId: 'sub_bench',
    userId: SUBSCRIBER,
    stripeCustomerId: 'cus_bench',
    planId: plan.id,
    planPriceId: plan.currentPriceId,
    status: 'active',
    amountMinor: 90000,
    currency: 'INR',
    currentPeriodStart: new Date(now - 86_400_000),
    currentPeriodEnd: new Date(now + 90 * 86_400_000),
    metadata: {},
  });
  const address = app.getHttpServer().address() as { port: number };
  process.on('message', async (msg: { type: string }) => {
    if (msg.type === 'rss') process.send!({ type: 'rss', memory: process.memoryUsage() });
    if (msg.type === 'heap-snapshot')
      process.send!({
        type: 'heap-snapshot',
        file: writeHeapSnapshot(join(process.env.BENCH_HEAP_SNAPSHOT_DIR ?? '.', `service-${kind}-${Date.now()}.heapsnapshot`)),
      });
    if (msg.type === 'cpu') {
      const u = process.cpuUsage();
      process.send!({ type: 'cpu', micros: u.user + u.system });
    }
    if (msg.type === 'stop') {
      await app.close();
      process.send!({ type: 'stopped' }, () => process.exit(0));
    }
  });
  process.send!({ type: 'ready', port: address.port, paywallKey } satisfies Ready);
}

// ---------------------------------------------------------------- the load side (this process)

interface Route {
  name: string;
  /** Targets to compare against the no-op route. */
  target?: { ratio: number; p99Ms?: number };
  options(base: string, key: string): autocannon.Options;
}

const json = { 'content-type': 'application/json' };

/** A keyed POST of a fresh JSON body per request. */
function posts(path: string, body: () => object): Route['options'] {
  return (url, key) => ({
    url,
    headers: { authorization: `Bearer ${key}`, ...json },
    requests: [{ method: 'POST', path, setupRequest: (req) => ({ ...req, body: JSON.stringify(body()) }) }],
  });
}

const meterReads = (body: () => { viewerId: string; articleId: string }) => posts('/v1/meter/reads', body);
const decisions = (body: () => { viewerId: string; userId?: string; articleId: string; access: string }) => posts('/v1/access/decisions', body);

function routes(): Route[] {
  let n = 0;
  return [
    {
      name: 'no-op GET /v1/ping (keyed)',
      options: (url, key) => ({ url: `${url}/v1/ping`, headers: { authorization: `Bearer ${key}` } }),
    },
    {
      name: 'GET /v1/plans (public)',
      target: { ratio: 0.8 },
      options: (url) => ({ url: `${url}/v1/plans` }),
    },
    {
      name: 'entitlement check',
      target: { ratio: 0.8, p99Ms: 10 },
      options: (url, key) => ({
        url: `${url}/v1/users/${SUBSCRIBER}/entitlements/premium_stories`,
        headers: { authorization: `Bearer ${key}` },
      }),
    },
    {
      name: 'entitlement check, 20k users (cold)',
      options: (url, key) => ({
        url,
        headers: { authorization: `Bearer ${key}` },
        requests: [{ setupRequest: (req) => ({ ...req, path: `/v1/users/cold-${n++ % 20000}/entitlements/premium_stories` }) }],
      }),
    },
    {
      name: 'meter read, entitled viewer',
      target: { ratio: 0.5 },
      options: (url, key) => ({
        url: `${url}/v1/meter/reads`,
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, ...json },
        body: JSON.stringify({ viewerId: SUBSCRIBER, articleId: 'bench-article' }),
      }),
    },
    {
      name: 'meter read, anonymous, 200 returning viewers',
      target: { ratio: 0.5 },
      // Each request a new article by one of 200 viewers: each counts its first 5, then is refused (limit_reached),
      // which is what most anonymous page views past the first days of a month look like.
      options: meterReads(() => ({ viewerId: `anon-r-${n % 200}`, articleId: `art-${n++}` })),
    },
    {
      name: 'meter read, re-read under the limit',
      target: { ratio: 0.5 },
      // 200 viewers each re-reading the one article they have counted (1 of 5): a page reload or a return visit. A
      // counted set only grows, so the instance answers these from memory, without a meter query.
      options: meterReads(() => ({ viewerId: `anon-rr-${n % 200}`, articleId: `again-${n++ % 200}` })),
    },
    {
      name: 'decision, metered re-read',
      target: { ratio: 0.5 },
      // The access-decision route's most common page view: an anonymous device re-reading an article it has counted.
      options: decisions(() => ({ viewerId: `dev-rr-${n % 200}`, articleId: `again-${n++ % 200}`, access: 'metered' })),
    },
    {
      name: 'decision, metered new article under the limit',
      // A new device's first article each time: the decision counts it (a durable write), as the meter's stress row.
      options: decisions(() => ({ viewerId: `dev-new-${process.pid}-${n}`, articleId: `art-${n++}`, access: 'metered' })),
    },
    {
      name: 'decision, premium, entitled reader',
      target: { ratio: 0.5 },
      options: decisions(() => ({ viewerId: `dev-sub-${n % 200}`, userId: SUBSCRIBER, articleId: `premium-${n++ % 50}`, access: 'premium' })),
    },
    {
      name: 'decision, premium refused',
      target: { ratio: 0.5 },
      // Signed-in readers without the premium benefit: nothing is counted, the answer is the subscription wall.
      options: decisions(() => ({
        viewerId: `dev-free-${n % 200}`,
        userId: `reader-${n % 200}`,
        articleId: `premium-${n++ % 50}`,
        access: 'premium',
      })),
    },
    {
      name: 'meter read, anonymous, new viewer each (stress: a durable write per read)',
      // Every request creates a viewer-month counter and stores a read: the most writing a read can do. No ratio target:
      // PostgreSQL alone runs that one statement at about the rate the 0.5× target asks of the whole request (the
      // ceiling printed under the table), so this row shows what a burst of new viewers costs, not a page view.
      options: meterReads(() => ({ viewerId: `anon-${process.pid}-${n}`, articleId: `art-${n++}` })),
    },
  ];
}

interface Measured {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  /** Service CPU (user + system) per answered request, in µs: steadier than req/s on a shared machine. */
  cpuMicros: number;
  non2xx: number;
  errors: number;
  /** Req/s divided by the no-op's around it (the mean of the no-op runs just before and just after this one). */
  ratio?: number;
  target?: Route['target'];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One measured run of a route: autocannon's numbers and the service's CPU time spent during it. */
async function measureOnce(route: Route, url: string, key: string, child: ChildProcess, duration: number): Promise<Measured> {
  const cpu = async () => (await ask<{ micros: number }>(child, 'cpu', 'cpu')).micros;
  const before = await cpu();
  const r = await autocannon({ ...route.options(url, key), connections: CONNECTIONS, duration, timeout: 10 });
  const micros = (await cpu()) - before;
  return {
    name: route.name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    cpuMicros: micros / Math.max(1, r.requests.total),
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    target: route.target,
  };
}

/** Median of each figure over the rounds (routes are interleaved round by round, so load swings hit all alike). */
function combine(runs: Measured[]): Measured {
  return {
    ...runs[0],
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuMicros: median(runs.map((r) => r.cpuMicros)),
    ratio: runs[0].ratio === undefined ? undefined : median(runs.map((r) => r.ratio!)),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

/**
 * How `npm start` runs the service (package.json's start script): its environment settings (`NAME=value` before `node`,
 * e.g. glibc's malloc tunables) and Node flags, so the bench measures that process. A setting already in the bench's
 * environment wins (`GLIBC_TUNABLES= npm run bench` measures glibc's defaults).
 */
function startCommand(): { env: Record<string, string>; flags: string[] } {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
  const m = /^((?:\w+=\S+\s+)*)node((?:\s+--\S+)*)\s+dist\/src\/main\.js$/.exec(pkg.scripts.start);
  if (!m) throw new Error(`package.json's start script is not "[NAME=value ...] node [--flags] dist/src/main.js": ${pkg.scripts.start}`);
  const env = Object.fromEntries(
    m[1]
      .split(/\s+/)
      .filter(Boolean)
      .map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)])
      .map(([k, v]) => [k, process.env[k] ?? v]),
  );
  return { env, flags: m[2].split(' ').filter(Boolean) };
}
const START = startCommand();
/** The service's command line as the bench runs it, for the report's heading. */
const START_LINE = [...Object.entries(START.env).map(([k, v]) => `${k}=${v}`), 'node', ...START.flags].join(' ');

function startService(kind: DbKind, where: string): Promise<{ child: ChildProcess; ready: Ready }> {
  const execArgv = [...START.flags, ...(process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const env = { ...process.env, ...START.env };
  const child = fork(__filename, ['--serve', kind, where], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv, env });
  return new Promise((resolve, reject) => {
    child.once('message', (m: Ready) => resolve({ child, ready: m }));
    child.once('exit', (code) => reject(new Error(`the ${kind} service exited (code ${code}) before it was ready`)));
  });
}

function ask<T>(child: ChildProcess, type: string, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type === answer) {
        child.off('message', on);
        resolve(m as T);
      }
    };
    child.on('message', on);
    child.send({ type });
  });
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface Rss {
  memory: NodeJS.MemoryUsage;
}

function table(kind: DbKind, rows: Measured[], rss: { boot: number; after: NodeJS.MemoryUsage }, missing: Map<string, string>): string {
  const base = rows[0].rps;
  const lines = [
    `### ${kind === 'postgres' ? 'PostgreSQL 15 (127.0.0.1)' : 'PGlite (embedded, temp dir created by a first start)'}`,
    '',
    '| route | req/s | p50 ms | p99 ms | ratio to no-op | service CPU µs/req | target | met |',
    '|---|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of rows) {
    const ratio = r.ratio ?? r.rps / base;
    const broken = r.non2xx > 0 || r.errors > 0;
    const target = r.target ? `≥ ${r.target.ratio}×${r.target.p99Ms ? `, p99 ≤ ${r.target.p99Ms} ms` : ''}` : '';
    const met = broken
      ? `no: ${fmt(r.non2xx)} non-2xx, ${fmt(r.errors)} errors`
      : r.target
        ? ratio >= r.target.ratio && (!r.target.p99Ms || r.p99 <= r.target.p99Ms)
          ? 'yes'
          : 'NO'
        : '';
    lines.push(`| ${r.name} | ${fmt(r.rps)} | ${r.p50} | ${r.p99} | ${fmt(ratio, 2)} | ${fmt(r.cpuMicros)} | ${target} | ${met} |`);
  }
  for (const [name, status] of missing) lines.push(`| ${name} | – | – | – | – | – | | not measured: answers HTTP ${status} on this build |`);
  const after = rss.after;
  lines.push(
    '',
    `Service RSS: ${fmt(rss.boot / MB)} MB after boot and seeding, ${fmt(after.rss / MB)} MB after the run ` +
      `(target < 300 MB: ${after.rss < 300 * MB ? 'yes' : 'NO'}). After the run: V8 heap ${fmt(after.heapTotal / MB)} MB ` +
      `(${fmt(after.heapUsed / MB)} MB in use, garbage included until the next full GC); outside it ` +
      `${fmt((after.rss - after.heapTotal) / MB)} MB: node binary and libraries, malloc (compilers' scratch memory included), ` +
      `JIT code, ArrayBuffers (${fmt(after.arrayBuffers / MB)} MB)${kind === 'pglite' ? ", PGlite's WASM memory pages" : ''}.`,
    '',
  );
  return lines.join('\n');
}

async function benchOne(kind: DbKind): Promise<string> {
  let where: string;
  let cleanup: () => Promise<void>;
  if (kind === 'postgres') {
    const name = `tollgate_bench_${process.pid}`;
    const admin = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    where = url.toString();
    cleanup = async () => {
      const c = new Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  } else {
    where = mkdtempSync(join(tmpdir(), 'tollgate-bench-'));
    cleanup = async () => rmSync(where, { recursive: true, force: true });
  }
  try {
    if (kind === 'pglite') {
      // Measure the service as it usually runs, on an existing data directory: creating one (initdb) is a one-time
      // cost that leaves several hundred MB in the creating process.
      const first = await startService(kind, where);
      await ask(first.child, 'stop', 'stopped');
    }
    const { child, ready } = await startService(kind, where);
    try {
      const url = `http://127.0.0.1:${ready.port}`;
      const bootRss = (await ask<Rss>(child, 'rss', 'rss')).memory.rss;
      const only = process.env.BENCH_ROUTES?.split(',');
      const chosen = routes().filter((r, i) => i === 0 || !only || only.some((o) => r.name.includes(o)));
      const missing = new Map<string, string>();
      for (const route of chosen) {
        // A route another branch adds (GET /v1/plans comes with the catalog work) may not exist here: say so, skip it.
        const probe = await autocannon({ ...route.options(url, ready.paywallKey), connections: 1, amount: 1, timeout: 10 });
        if (probe.non2xx || probe.errors) missing.set(route.name, Object.keys(probe.statusCodeStats ?? {}).join(', ') || 'error');
      }
      const measured = chosen.filter((r) => !missing.has(r.name));
      const runs: Measured[][] = measured.map(() => []);
      for (const route of measured) await measureOnce(route, url, ready.paywallKey, child, WARMUP_SECONDS);
      const measure = async (i: number, round: number): Promise<Measured> => {
        // Let the database settle (WAL writer, checkpointer after a write-heavy route) so it does not bill the next.
        await new Promise((r) => setTimeout(r, PAUSE_MS));
        const m = await measureOnce(measured[i], url, ready.paywallKey, child, SECONDS);
        runs[i].push(m);
        process.stderr.write(`  ${kind} round ${round}: ${m.name}: ${fmt(m.rps)} req/s, p99 ${m.p99} ms, ${fmt(m.cpuMicros)} µs CPU/req\n`);
        return m;
      };
      for (let round = 1; round <= ROUNDS; round++) {
        // The no-op runs before and after every route: the host's speed drifts over tens of seconds, so a route is
        // compared with the no-op of the same few seconds, not with one measured up to a minute away.
        let before = await measure(0, round);
        for (let i = 1; i < measured.length; i++) {
          const m = await measure(i, round);
          const after = await measure(0, round);
          m.ratio = m.rps / ((before.rps + after.rps) / 2);
          before = after;
        }
      }
      const rows = runs.map(combine);
      const { memory } = await ask<Rss>(child, 'rss', 'rss');
      if (process.env.BENCH_HEAP_SNAPSHOT_DIR) {
        const { file } = await ask<{ file: string }>(child, 'heap-snapshot', 'heap-snapshot');
        process.stderr.write(`  ${kind}: heap snapshot after the run in ${file}\n`);
      }
      const ceiling = kind === 'postgres' && rows.some((r) => r.name.includes('new viewer each')) ? firstReadCeiling(where, rows[0].rps) : '';
      return table(kind, rows, { boot: bootRss, after: memory }, missing) + ceiling;
    } finally {
      await ask(child, 'stop', 'stopped').catch(() => child.kill());
    }
  } finally {
    await cleanup();
  }
}

/**
 * PostgreSQL's own rate for a brand-new viewer's first read, measured in the same run with pgbench (PostgreSQL's load
 * generator, a C client: no HTTP, no Node, no other statement): the service's FIRST_READ_SQL, a new viewer per
 * transaction, the same connections, extended protocol (unnamed statements, as the service sends them).
 */
function firstReadCeiling(url: string, noopRps: number): string {
  const root = '/usr/lib/postgresql';
  const bin = existsSync(root)
    ? readdirSync(root)
        .map((v) => join(root, v, 'bin', 'pgbench'))
        .find((b) => existsSync(b))
    : undefined;
  if (!bin) return "Ceiling for a new viewer's first read: not measured (pgbench not found under /usr/lib/postgresql).\n";
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-pgbench-'));
  const script = join(dir, 'first-read.sql');
  const viewer = `'pgbench-' || :v`;
  const sql = FIRST_READ_SQL.replace(/\$1/g, viewer).replace(/\$2/g, `'1999-01'`).replace(/\$3/g, `'article'`).replace(/\$4/g, 'now()');
  writeFileSync(script, `\\set v random(1, 1000000000000)\n${sql.trim().replace(/\s*\n\s*/g, ' ')};\n`);
  const args = ['-n', '-c', String(CONNECTIONS), '-j', '2', '-T', String(SECONDS * 2), '-M', 'extended', '-f', script, url];
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000 });
  rmSync(dir, { recursive: true, force: true });
  const tps = Number(/tps = ([\d.]+)/.exec(r.stdout ?? '')?.[1]);
  if (!tps) return `Ceiling for a new viewer's first read: pgbench failed (${(r.stderr ?? '').trim().split('\n').pop()}).\n`;
  return (
    `Ceiling for a new viewer's first read: PostgreSQL alone runs the service's first-read statement (create the ` +
    `counter, store the read, commit) at ${fmt(tps)}/s (pgbench, ${CONNECTIONS} clients, extended protocol, ${SECONDS * 2} s): ` +
    `${fmt(tps / noopRps, 2)}× this run's no-op route, before any HTTP, entitlement lookup or meter look.\n`
  );
}

async function main(): Promise<void> {
  const kinds = (process.env.BENCH_DATABASES ?? 'postgres,pglite').split(',').map((s) => s.trim()) as DbKind[];
  const out: string[] = [
    `Tollgate bench: autocannon, ${CONNECTIONS} connections, loopback; per route a ${WARMUP_SECONDS} s warm-up, then ` +
      `${ROUNDS} interleaved rounds of ${SECONDS} s with the no-op run before and after each route (medians shown; a ` +
      `ratio is the median over the rounds of a route's req/s divided by the mean of the two no-op runs around it); ` +
      `LOG_LEVEL=silent, PUBLIC_RATE_LIMIT_PER_MINUTE=0, CACHE_TTL_SECONDS=2 for every route. Node ${process.version}, service as in npm start: ${START_LINE}.`,
    '',
  ];
  for (const kind of kinds) {
    process.stderr.write(`Benchmarking on ${kind}…\n`);
    out.push(await benchOne(kind));
  }
  process.stdout.write(out.join('\n'));
  for (const [title, script] of [
    ['Webhook intake, and events out (outbox and delivery)', 'webhook-intake'],
    ['Hostile input from a keyless client', 'hostile-input'],
    ['Read-history retention: one month of 1,000,000 reads deleted while decisions are served (PostgreSQL)', 'retention'],
  ]) {
    const file = join(__dirname, `${script}.js`);
    if (!existsSync(file)) continue;
    process.stdout.write(`\n### ${title} (dist/bench/${script}.js)\n\n`);
    const r = spawnSync(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', timeout: 600_000 });
    process.stdout.write(r.stdout ?? '');
    if (r.status !== 0) process.stdout.write(`\n(${script} exited with ${r.status ?? r.signal})\n`);
  }
  process.stdout.write('\nReproduce: npm run bench   (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_DATABASES, BENCH_POSTGRES_URL to vary)\n');
}

if (process.argv[2] === '--serve') {
  serve(process.argv[3] as DbKind, process.argv[4]).catch((e: unknown) => {
    process.stderr.write(`bench service failed: ${(e as Error)?.stack ?? e}\n`);
    process.exit(1);
  });
} else {
  main().catch((e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error)?.stack ?? e}\n`);
    process.exit(1);
  });
}
