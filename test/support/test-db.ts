import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { adminQuery, postgresUrl, TEMPLATE_ENV, TestDbKind } from './db-config';

/** A fresh migrated database for one test file: PGlite loaded from the template dump, or a PostgreSQL clone. */
export interface TestDatabase {
  kind: TestDbKind;
  /** Set on PostgreSQL: several app instances may share it. */
  url?: string;
  /** Set on PGlite: the one in-process instance (one app at a time). */
  pglite?: PGlite;
  drop(): Promise<void>;
}

export function testDbKind(): TestDbKind {
  const kind = process.env.TOLLGATE_TEST_DB;
  if (kind !== 'pglite' && kind !== 'postgres') throw new Error('Run e2e tests through jest projects (npm test)');
  return kind;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const kind = testDbKind();
  if (kind === 'pglite') {
    const file = process.env[TEMPLATE_ENV.pglite];
    if (!file) throw new Error('PGlite template missing: global setup did not run');
    const pglite = new PGlite({ loadDataDir: new Blob([readFileSync(file)]) });
    await pglite.waitReady;
    return { kind, pglite, drop: async () => void (pglite.closed || (await pglite.close())) };
  }
  const template = process.env[TEMPLATE_ENV.postgres];
  if (!template) throw new Error('PostgreSQL template missing: global setup did not run');
  const name = `tollgate_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      break;
    } catch (e) {
      // Two workers cloning the template at the same instant can collide; wait and retry.
      if (attempt >= 10) throw e;
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
    }
  }
  return { kind, url: postgresUrl(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
