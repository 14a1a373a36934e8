import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { encryptSecret } from '../../src/events/secret-box';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { signedWith, WebhookReceiver } from '../support/webhook-receiver';

const root = resolve(__dirname, '../..');
const KEY_HEX = 'ab'.repeat(32);
const EVENTS = 20;

/**
 * Starts src/main.ts as a real process, each TypeScript file compiled by swc on require (as jest does), so no build is
 * needed; NestJS's ES modules load through Node's require(esm).
 */
const RUN_TS = `
const { transformSync } = require('@swc/core');
const { readFileSync } = require('node:fs');
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(${JSON.stringify(resolve(root, 'src/main.ts'))});
`;

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => ok(port));
    });
  });
}

describe('the service killed (SIGKILL) mid-delivery and restarted delivers every event at least once', () => {
  let db: TestDatabase;
  let receiver: WebhookReceiver;
  const children = new Set<ChildProcess>();
  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await receiver?.close();
    await db?.drop();
  });

  async function startService(): Promise<ChildProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-e', RUN_TS], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        DATABASE_URL: db.url!,
        LOG_LEVEL: 'warn',
        WEBHOOK_SECRET_KEY: KEY_HEX,
        WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
        WEBHOOK_DELIVERY_LEASE_SECONDS: '15',
      },
    });
    children.add(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const deadline = Date.now() + 90_000;
    while (!stderr.includes('listening on')) {
      if (child.exitCode !== null) throw new Error(`service exited ${child.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`service did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return child;
  }

  it('an attempt held open when the process dies is sent again once its lease runs out', async () => {
    const secret = `tgwhsec_${randomBytes(32).toString('hex')}`;
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      const [endpoint] = (
        await pg.query(`INSERT INTO webhook_endpoints (url, events, secret_encrypted) VALUES ($1, $2, $3) RETURNING id`, [
          receiver.url,
          ['grant.created'],
          encryptSecret(Buffer.from(KEY_HEX, 'hex'), secret),
        ])
      ).rows;
      const ids = Array.from({ length: EVENTS }, (_, i) => `evt_${i.toString(16).padStart(24, '0')}`);
      for (const id of ids) {
        await pg.query(`INSERT INTO outbox_events (id, type, data, created_at) VALUES ($1, 'grant.created', $2, now())`, [id, { userId: `u_${id}` }]);
      }

      // The receiver holds every request open: the service dies with all of them in flight.
      receiver.respond = () => new Promise<number>(() => undefined);
      const first = await startService();
      await receiver.waitFor(EVENTS, 60_000);
      const killed = new Promise((ok) => first.once('exit', ok));
      first.kill('SIGKILL');
      await killed;
      const leased = await pg.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending' AND lease_until IS NOT NULL`);
      expect(leased.rows[0].n).toBe(EVENTS);

      receiver.respond = () => 200;
      const second = await startService();
      await receiver.waitFor(EVENTS * 2, 60_000);
      const delivered = new Set(receiver.received.slice(EVENTS).map((r) => r.json.id));
      expect([...delivered].sort()).toEqual(ids);
      for (const r of receiver.received) expect(signedWith(r, secret)).toBe(true);
      for (let done = 0; done < EVENTS; await new Promise((r) => setTimeout(r, 100))) {
        done = (await pg.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'succeeded'`, [endpoint.id]))
          .rows[0].n;
      }
      const attempts = await pg.query(`SELECT DISTINCT attempts FROM webhook_deliveries`);
      expect(attempts.rows).toEqual([{ attempts: 2 }]);
      second.kill('SIGTERM');
      await new Promise((ok) => second.once('exit', ok));
    } finally {
      await pg.end();
    }
  }, 240_000);
});
