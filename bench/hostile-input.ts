/*
 * Can a keyless client stall the service with hostile bodies? Boots Tollgate (embedded PGlite, in a child process,
 * the default public rate limit) and measures the paywall's `GET /v1/plans` (keyed, a fixed 200 req/s) three ways,
 * interleaved over rounds: quiet; while another client without a key posts deep and large JSON bodies at the public
 * rate limit; and while it posts them as fast as it can (most answered 429). Prints the latencies and their ratio to
 * quiet, from one run. Plain output lines, for bench/run.ts to relay.
 *   node dist/bench/hostile-input.js [--rounds N] [--seconds S]
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { CLI_ACTOR } from '../src/auth/actor';
import { ApiKeysService } from '../src/api-keys/api-keys.service';
import { createApp } from '../src/bootstrap';
import { seedDemoCatalog } from '../src/catalog/demo-catalog';
import { validateEnv } from '../src/config/env.schema';
import { flag } from './flags';

const PLANS_RATE = 200;

async function serve(dir: string): Promise<void> {
  // TRUST_PROXY=loopback: each attack phase posts from its own X-Forwarded-For address, so it starts with a full budget.
  const env = validateEnv({ LOG_LEVEL: 'silent', DATA_DIR: dir, TRUST_PROXY: 'loopback' });
  const app = await createApp({ env, database: { holder: 'hostile-input bench' } });
  await app.listen(0, '127.0.0.1');
  await seedDemoCatalog(app.get(DataSource));
  const key = (await app.get(ApiKeysService).create(CLI_ACTOR, 'paywall', 'bench')).key;
  // The service's own event-loop delay per phase: a stall shows here whatever the load generator's machine is doing.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  process.on('message', async (msg: string) => {
    if (msg === 'reset') return loop.reset();
    if (msg === 'delay') return process.send!({ p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 });
    await app.close();
    process.exit(0);
  });
  process.send!({ port: (app.getHttpServer().address() as { port: number }).port, key, limit: env.PUBLIC_RATE_LIMIT_PER_MINUTE });
}

/** The attacker's bodies: what stalled the service before (issue 10), each just under or over the keyless limits. */
const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
const HOSTILE = [
  { what: '200 KB of nested arrays', body: nested(100_000) },
  { what: '16 KB of nested arrays', body: nested(8_000) },
  { what: '16 KB flat object', body: JSON.stringify(Object.fromEntries(Array.from({ length: 1_400 }, (_, i) => [`k${i}`, i]))) },
  { what: '1 MB string', body: JSON.stringify({ articleId: 'x'.repeat(1024 * 1024) }) },
];

/** The attacker runs in its own process, so its sending does not slow the measuring client's event loop. */
function attackFrom(url: string, phase: Required<Phase>, seconds: number, from: string): Promise<autocannon.Result> {
  const child = fork(__filename, ['--attack', url, String(phase.attackRate), String(seconds), from, phase.bodies], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as autocannon.Result));
    child.once('exit', (code) => code && reject(new Error(`attacker exited with ${code}`)));
  });
}

async function attack(url: string, rate: number, seconds: number, from: string, bodies: Phase['bodies']): Promise<void> {
  const sent = bodies === 'hostile' ? HOSTILE : [{ body: JSON.stringify({ articleId: 'an-ordinary-article', access: 'metered', signedIn: false }) }];
  const result = await autocannon({
    url,
    headers: { 'x-forwarded-for': from },
    connections: rate === 0 ? 10 : 2,
    ...(rate ? { overallRate: rate } : {}),
    duration: seconds,
    requests: sent.map((h) => ({
      method: 'POST' as const,
      path: '/v1/demo/access-decisions',
      headers: { 'content-type': 'application/json' },
      body: h.body,
    })),
  });
  process.send!({ statusCodeStats: result.statusCodeStats }, () => process.exit(0));
}

interface Phase {
  name: string;
  /** Attacker requests per second (overall), or undefined for none; 0 = as fast as 10 connections go. */
  attackRate?: number;
  /** What the attacker posts: HOSTILE, or a small valid demo access decision (the control: the same rate of ordinary calls). */
  bodies?: 'hostile' | 'ordinary';
}

async function main(): Promise<void> {
  const rounds = flag('rounds', 3);
  const seconds = flag('seconds', 5);
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-hostile-'));
  const child: ChildProcess = fork(__filename, ['--serve', dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const ready = await new Promise<{ port: number; key: string; limit: number }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { port: number; key: string; limit: number }));
      child.once('exit', (code) => reject(new Error(`service exited with ${code}`)));
    });
    const url = `http://127.0.0.1:${ready.port}`;
    const phases: Phase[] = [
      { name: 'quiet' },
      {
        name: `ordinary keyless calls at the public rate limit (${ready.limit}/min)`,
        attackRate: Math.max(1, Math.round(ready.limit / 60)),
        bodies: 'ordinary',
      },
      { name: `hostile bodies at the public rate limit`, attackRate: Math.max(1, Math.round(ready.limit / 60)), bodies: 'hostile' },
      { name: 'hostile bodies flooded (10 connections, no pause)', attackRate: 0, bodies: 'hostile' },
    ];
    const mean: number[][] = phases.map(() => []);
    const p99: number[][] = phases.map(() => []);
    const attackCodes: Record<string, number>[] = phases.map(() => ({}));
    const loopP99: number[][] = phases.map(() => []);
    const ask = <T>(msg: string) => new Promise<T>((resolve) => (child.once('message', (m) => resolve(m as T)), child.send(msg)));
    const measure = () =>
      autocannon({
        url: `${url}/v1/plans`,
        headers: { authorization: `Bearer ${ready.key}` },
        connections: 4,
        overallRate: PLANS_RATE,
        duration: seconds,
      });
    await measure(); // warm-up
    for (let round = 0; round < rounds; round++) {
      for (const [i, phase] of phases.entries()) {
        await new Promise((r) => setTimeout(r, 1000));
        child.send('reset');
        const from = `198.51.100.${round * phases.length + i + 1}`;
        const attack = phase.attackRate === undefined ? undefined : attackFrom(url, phase as Required<Phase>, seconds, from);
        const [plans, hostile] = await Promise.all([measure(), attack]);
        loopP99[i].push((await ask<{ p99: number }>('delay')).p99);
        if (plans.non2xx || plans.errors)
          throw new Error(`GET /v1/plans failed during "${phase.name}": ${plans.non2xx} non-2xx, ${plans.errors} errors`);
        mean[i].push(plans.latency.mean);
        p99[i].push(plans.latency.p99);
        for (const [code, s] of Object.entries(hostile?.statusCodeStats ?? {})) attackCodes[i][code] = (attackCodes[i][code] ?? 0) + (s.count ?? 0);
        process.stderr.write(
          `  round ${round + 1}: ${phase.name}: /v1/plans mean ${plans.latency.mean} ms, p99 ${plans.latency.p99} ms, loop p99 ${loopP99[i].at(-1)} ms\n`,
        );
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const baseMean = median(mean[0]);
    const base99 = Math.max(median(p99[0]), 0.5);
    process.stdout.write(
      `hostile input: GET /v1/plans with a paywall key at ${PLANS_RATE} req/s (4 connections), embedded PGlite, default settings; ` +
        `the attacker posts to POST /v1/demo/access-decisions without a key, cycling: ${HOSTILE.map((h) => h.what).join(', ')}; ` +
        `${rounds} interleaved rounds of ${seconds} s, medians; each attack phase from a fresh address (full rate budget); ` +
        `"loop p99" is the service's own event-loop delay during the phase\n\n`,
    );
    process.stdout.write(
      '| while | /v1/plans mean | p99 | mean ÷ quiet | p99 ÷ quiet | service loop p99 | attacker answered |\n|---|---|---|---|---|---|---|\n',
    );
    for (const [i, phase] of phases.entries()) {
      const codes =
        Object.entries(attackCodes[i])
          .map(([c, n]) => `${n}× ${c}`)
          .join(', ') || '-';
      process.stdout.write(
        `| ${phase.name} | ${median(mean[i]).toFixed(2)} ms | ${median(p99[i])} ms | ${(median(mean[i]) / baseMean).toFixed(2)} | ${(median(p99[i]) / base99).toFixed(2)} | ${median(loopP99[i]).toFixed(1)} ms | ${codes} |\n`,
      );
    }
    process.stdout.write(`\nhostile input command: npm run build && node dist/bench/hostile-input.js --rounds ${rounds} --seconds ${seconds}\n`);
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--attack') {
  attack(process.argv[3], Number(process.argv[4]), Number(process.argv[5]), process.argv[6], process.argv[7] as Phase['bodies']).catch(
    (e: unknown) => {
      process.stderr.write(`hostile-input attacker failed: ${(e as Error)?.stack ?? e}\n`);
      process.exit(1);
    },
  );
} else if (process.argv[2] === '--serve') {
  serve(process.argv[3]).catch((e: unknown) => {
    process.stderr.write(`hostile-input service failed: ${(e as Error)?.stack ?? e}\n`);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`hostile input bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  });
}
