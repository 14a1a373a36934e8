import 'reflect-metadata';
import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { createDataSource, runMigrations } from '../../src/database/data-source';
import { ADMIN_POSTGRES_URL, adminQuery, postgresUrl, TEMPLATE_ENV } from './db-config';

/** Builds one migrated database per project: a PGlite data-dir dump, or a PostgreSQL template database. */
export async function setupPglite(): Promise<void> {
  const pglite = new PGlite();
  const handle = createDataSource({ DATA_DIR: 'unused' }, { pglite });
  let dump: Blob;
  try {
    await handle.dataSource.initialize();
    await runMigrations(handle);
    await handle.dataSource.query('CHECKPOINT');
    dump = await pglite.dumpDataDir('gzip');
  } finally {
    // Also on failure: an open database would keep jest's own process from ending.
    await handle.dataSource.destroy();
  }
  const file = join(tmpdir(), `tollgate-pglite-${process.pid}-${randomBytes(4).toString('hex')}.tar.gz`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env[TEMPLATE_ENV.pglite] = file;
}

export async function setupPostgres(): Promise<void> {
  const template = `tollgate_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
  try {
    await adminQuery(`CREATE DATABASE "${template}"`);
  } catch (e) {
    throw new Error(
      `The e2e-postgres project needs PostgreSQL at ${ADMIN_POSTGRES_URL} (set TEST_POSTGRES_URL to change it); ` +
        `start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start. Cause: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const handle = createDataSource({ DATABASE_URL: postgresUrl(template), DATA_DIR: 'unused' });
  try {
    await handle.dataSource.initialize();
    await runMigrations(handle);
  } finally {
    if (handle.dataSource.isInitialized) await handle.dataSource.destroy();
  }
  process.env[TEMPLATE_ENV.postgres] = template;
}

export async function teardownPglite(): Promise<void> {
  if (process.env[TEMPLATE_ENV.pglite]) {
    rmSync(process.env[TEMPLATE_ENV.pglite]!, { force: true });
  }
}

export async function teardownPostgres(): Promise<void> {
  const template = process.env[TEMPLATE_ENV.postgres];
  if (template) {
    await adminQuery(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  }
}
