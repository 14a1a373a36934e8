import { adminQuery } from './db-config';

/**
 * Takes one test database away from a running service, as if its server had stopped, without touching the
 * shared PostgreSQL server other test files use: new connections are refused and open ones are terminated.
 */
export async function takeDatabaseDown(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await adminQuery(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`, [
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [name],
  ]);
}

export async function bringDatabaseBack(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await adminQuery(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
}
