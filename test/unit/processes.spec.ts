import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS } from '../../migrations';
import { adminQuery, postgresUrl } from '../support/db-config';

// These tests run the compiled service and CLI as real processes, as a user or an operator would.
const root = resolve(__dirname, '../..');
const MAIN = join(root, 'dist/src/main.js');
const CLI = join(root, 'dist/src/cli/main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(file: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Run> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [file, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => ok(port));
    });
  });
}

/** Services a test started: killed after each test, so a failed expectation cannot leave one running (and jest waiting). */
const started = new Set<ChildProcess>();
afterEach(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
});

/** Starts the compiled service and waits until it answers and has said where it listens. */
async function startService(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; stderr: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', PORT: String(port), ...env }, cwd: root });
  started.add(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`service exited ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.status === 200 && stderr.includes('listening on')) return { child, port, stderr: () => stderr };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`service did not answer in time: ${stderr}`);
}

/** Stops a service; true when it shut down cleanly (exit 0, or Nest re-raising the SIGTERM after closing). */
function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<boolean> {
  return new Promise((ok) => {
    if (child.exitCode !== null) return ok(child.exitCode === 0);
    child.on('exit', (code, sig) => ok(code === 0 || sig === 'SIGTERM'));
    child.kill(signal);
  });
}

beforeAll(() => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}, 120_000);

describe('configuration is validated at boot', () => {
  it.each([
    ['PORT', 'abc'],
    ['DATABASE_URL', 'nonsense'],
    ['GRACE_PERIOD_DAYS', '-1'],
    ['METER_TIMEZONE', 'Mars/Olympus'],
  ])('%s=%s stops the start with a message naming it and a non-zero exit', async (name, value) => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-cfg-'));
    try {
      const r = await run(MAIN, [], { DATA_DIR: dir, [name]: value });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(name);
      expect(r.stderr).toContain('Invalid configuration');
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('embedded database: one process at a time', () => {
  it('the CLI refuses at once while the service runs, works after it stops, and the data survives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-lock-'));
    try {
      const created = await run(CLI, ['api-keys:create', '--role', 'admin', '--name', 'ops'], { DATA_DIR: dir });
      expect(created.code).toBe(0);
      const key = created.stdout.trim().split('\n').pop()!;
      expect(key).toMatch(/^tg_admin_[A-Za-z0-9_-]{20,}$/);

      const { child, port } = await startService({ DATA_DIR: dir });
      const busy = await run(CLI, ['api-keys:list'], { DATA_DIR: dir }, 15_000);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toMatch(/Stop the service first/);
      expect(busy.ms).toBeLessThan(15_000);
      // the running service is unharmed and still knows the key
      const keys = await fetch(`http://127.0.0.1:${port}/v1/admin/api-keys`, { headers: { authorization: `Bearer ${key}` } });
      expect(keys.status).toBe(200);
      expect(await stop(child)).toBe(true);
      expect(existsSync(join(dir, 'tollgate.lock'))).toBe(false);

      const after = await run(CLI, ['api-keys:list'], { DATA_DIR: dir });
      expect(after.code).toBe(0);
      expect(after.stdout).toContain('ops');

      // A crashed service leaves a stale lock: the next opener takes it over instead of refusing forever.
      const crashed = await startService({ DATA_DIR: dir });
      await stop(crashed.child, 'SIGKILL');
      const recovered = await run(CLI, ['api-keys:list'], { DATA_DIR: dir });
      expect(recovered.code).toBe(0);
      expect(recovered.stdout).toContain('ops');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('first start on an empty embedded database', () => {
  it('creates an admin key and prints it once beside the listening line; it signs in to /admin; later starts print none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-first-'));
    try {
      const first = await startService({ DATA_DIR: dir });
      const url = `http://127.0.0.1:${first.port}`;
      const printed = first.stderr().match(/^Tollgate listening on (\S+) .*\n.*Sign in to (\S+) with it; it is shown this once:\n(tg_admin_\S+)\n/m);
      expect(printed?.slice(1, 3)).toEqual([url, `${url}/admin`]);
      const key = printed![3];
      // What the /admin sign-in form calls, on the running service: no stop needed.
      const signIn = await fetch(`${url}/v1/admin/audit-log?limit=1`, { headers: { authorization: `Bearer ${key}` } });
      expect(signIn.status).toBe(200);
      expect(await stop(first.child)).toBe(true);

      const second = await startService({ DATA_DIR: dir });
      expect(await stop(second.child)).toBe(true);
      expect(second.stderr()).toContain('listening on');
      expect(second.stderr()).not.toMatch(/tg_admin_|admin API key/);
      const listed = await run(CLI, ['api-keys:list'], { DATA_DIR: dir });
      expect(listed.stdout.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`admin +${key.slice(0, 14)}… +active +first start$`))]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('PostgreSQL via DATABASE_URL', () => {
  const name = `tollgate_cli_${process.pid}`;
  beforeAll(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, `CREATE DATABASE "${name}"`));
  afterAll(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  it('migration:run applies, seed is idempotent, and the service runs on it', async () => {
    const env = { DATABASE_URL: postgresUrl(name) };
    const migrated = await run(CLI, ['migration:run'], env);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain(`Applied ${MIGRATIONS.length} migration(s)`);
    const again = await run(CLI, ['migration:run'], env);
    expect(again.stdout).toContain('No pending migrations');

    const first = await run(CLI, ['seed'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Plans created: smart_quarterly, smart_essential, super_saver');
    const second = await run(CLI, ['seed'], env);
    expect(second.stdout).toContain('Benefits created: none');
    expect(second.stdout).toContain('Plans created: none');

    const c = new Client({ connectionString: postgresUrl(name) });
    await c.connect();
    const counts = await c.query('SELECT (SELECT count(*) FROM plans)::int AS plans, (SELECT count(*) FROM benefits)::int AS benefits');
    await c.end();
    expect(counts.rows[0]).toEqual({ plans: 3, benefits: 8 });

    const { child, port, stderr } = await startService(env);
    expect(stderr()).not.toMatch(/tg_admin_/); // keys for PostgreSQL come from the CLI, which works beside the service
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { info: { database: { status: string } } };
    expect(health.info.database.status).toBe('up');
    expect(await stop(child)).toBe(true);
  }, 180_000);
});
