import { Client } from 'pg';

/** The PostgreSQL the postgres project uses; .ci/run makes sure it runs. Override with TEST_POSTGRES_URL. */
export const ADMIN_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function postgresUrl(database: string): string {
  const url = new URL(ADMIN_POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs statements, in order, on a short-lived connection to the admin database (CREATE/DROP/ALTER DATABASE). */
export async function adminQuery(...statements: (string | [string, unknown[]])[]): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_POSTGRES_URL, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    for (const st of statements) await (typeof st === 'string' ? admin.query(st) : admin.query(st[0], st[1]));
  } finally {
    await admin.end();
  }
}

/** Environment variables by which global setup tells the workers where each project's migrated template is. */
export const TEMPLATE_ENV = { pglite: 'TOLLGATE_TEST_PGLITE_TEMPLATE', postgres: 'TOLLGATE_TEST_PG_TEMPLATE' } as const;
export type TestDbKind = keyof typeof TEMPLATE_ENV;
