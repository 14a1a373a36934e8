import { Client } from 'pg';

/** The PostgreSQL server the PostgreSQL benches create their throwaway databases on. */
export const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement (CREATE or DROP DATABASE) on its own connection to the admin database. */
export async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
