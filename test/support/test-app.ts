import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { CLI_ACTOR } from '../../src/auth/actor';
import { ApiKeysService } from '../../src/api-keys/api-keys.service';
import { createApp } from '../../src/bootstrap';
import { seedDemoCatalog } from '../../src/catalog/demo-catalog';
import { Clock } from '../../src/common/clock';
import { EnvDto, validateEnv } from '../../src/config/env.schema';
import { createTestDatabase, TestDatabase } from './test-db';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  clock: Clock;
  dataSource: DataSource;
  db: TestDatabase;
  env: EnvDto;
  adminKey: string;
  paywallKey: string;
  /** Authorization header value for a key. */
  bearer(key: string): string;
  /** Closes the app and, unless shared, drops its database. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Seed the demo catalog (three plans, eight benefits). */
  seed?: boolean;
  /** Reuse a database (PostgreSQL only: a second instance on the same data). Not dropped on close. */
  db?: TestDatabase;
  /** Capture the service's JSON log lines here (set env LOG_LEVEL too, e.g. 'info'). */
  logStream?: NodeJS.WritableStream;
}

/** Boots the whole app over HTTP on a fresh migrated database, with an admin and a paywall key. */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const db = opts.db ?? (await createTestDatabase());
  let started: NestFastifyApplication | undefined;
  const close = async () => {
    try {
      await started?.close();
    } finally {
      if (!opts.db) await db.drop();
    }
  };
  // A start that fails part way closes what it opened (the caller gets nothing to close).
  try {
    const env = validateEnv({
      LOG_LEVEL: 'silent',
      DATA_DIR: './data-test-unused',
      // A fixed key, so no test writes one into DATA_DIR (embedded mode's default); '' in opts.env unsets it.
      WEBHOOK_SECRET_KEY: '5eed'.repeat(16),
      ...(db.url ? { DATABASE_URL: db.url } : {}),
      ...opts.env,
    });
    const clock = new Clock();
    const app = (started = await createApp({ env, clock, database: { pglite: db.pglite, migrate: false }, logDestination: opts.logStream }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const dataSource = app.get(DataSource);
    if (opts.seed) await seedDemoCatalog(dataSource);
    const keys = app.get(ApiKeysService);
    const adminKey = (await keys.create(CLI_ACTOR, 'admin', 'test-admin')).key;
    const paywallKey = (await keys.create(CLI_ACTOR, 'paywall', 'test-paywall')).key;
    const server = app.getHttpServer();
    return {
      app,
      http: request(server),
      clock,
      dataSource,
      db,
      env,
      adminKey,
      paywallKey,
      bearer: (key) => `Bearer ${key}`,
      close,
    };
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
}
