import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { AfterCommitSubscriber } from '../common/after-commit';
import type { EnvDto } from '../config/env.schema';
import { ADVISORY_LOCKS } from './advisory-locks';
import { acquireEmbeddedLock } from './embedded-lock';

export interface DatabaseHandle {
  dataSource: DataSource;
  embedded: boolean;
}

export interface OpenDatabaseOptions {
  /** An already-open PGlite (tests load one from a migrated template); closed with the DataSource. */
  pglite?: PGlite;
  /** Who holds the embedded lock, for the message a second opener sees. */
  holder?: string;
}

const BASE: Partial<DataSourceOptions> = {
  type: 'postgres',
  subscribers: [AfterCommitSubscriber],
  migrations: MIGRATIONS,
  migrationsTableName: 'migrations',
  synchronize: false,
  uuidExtension: 'pgcrypto',
  installExtensions: false,
  logging: false,
};

/**
 * Builds (not initializes) the DataSource for PostgreSQL via DATABASE_URL, or embedded PGlite in DATA_DIR, with no
 * entities: the Nest module sets those the modules declared with TypeOrmModule.forFeature (a DataSource that only
 * migrates needs none).
 */
export function createDataSource(env: Pick<EnvDto, 'DATABASE_URL' | 'DATA_DIR'>, opts: OpenDatabaseOptions = {}): DatabaseHandle {
  if (env.DATABASE_URL && !opts.pglite) {
    const dataSource = new DataSource({
      ...BASE,
      url: env.DATABASE_URL,
      poolSize: 20,
      connectTimeoutMS: 5000,
      extra: { connectionTimeoutMillis: 5000 },
    } as DataSourceOptions);
    return { dataSource, embedded: false };
  }
  let release: (() => void) | undefined;
  let pglite = opts.pglite;
  if (!pglite) {
    const dir = resolve(env.DATA_DIR);
    mkdirSync(dir, { recursive: true });
    release = acquireEmbeddedLock(dir, opts.holder ?? 'tollgate');
    // PGlite runs inside the service process: PostgreSQL's default 128 MB of shared buffers would sit in its RSS.
    // An embedded database is small, and 16 MB keeps a reopened service near 190 MB instead of 300 MB.
    pglite = new PGlite(resolve(dir, 'pgdata'), { postgresqlconf: 'shared_buffers=16MB' });
  }
  const dataSource = new DataSource({
    ...BASE,
    poolSize: 1,
    connectTimeoutMS: 10000,
    extra: { ...createPgConfig(pglite), connectionTimeoutMillis: 10000 },
  } as DataSourceOptions);
  const owned = pglite;
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    try {
      if (dataSource.isInitialized) await destroy();
    } finally {
      if (!owned.closed) await owned.close();
      release?.();
    }
  };
  return { dataSource, embedded: true };
}

/**
 * Applies pending migrations. On PostgreSQL an advisory lock keeps two starting instances from racing;
 * PGlite has one connection and one process, so it needs none.
 */
export async function runMigrations(handle: DatabaseHandle): Promise<string[]> {
  const { dataSource, embedded } = handle;
  if (embedded) {
    return (await dataSource.runMigrations({ transaction: 'all' })).map((m) => m.name);
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.migrations]);
    return (await dataSource.runMigrations({ transaction: 'all' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCKS.migrations]).catch(() => undefined);
    await runner.release();
  }
}
