import { Client } from 'pg';
import { ADMIN_POSTGRES_URL } from './db-config';

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: ADMIN_POSTGRES_URL, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Takes one test database away from a running service, as if its server had stopped, without touching the
 * shared PostgreSQL server other test files use: new connections are refused and open ones are terminated.
 */
export async function takeDatabaseDown(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await admin(async (c) => {
    await c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  });
}

export async function bringDatabaseBack(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await admin((c) => c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`));
}
