import 'reflect-metadata';
import { createApp } from './bootstrap';
import { limitHeapGrowth } from './common/heap-growth';
import { EnvValidationError, validateEnv } from './config/env.schema';
import { EmbeddedDatabaseBusyError } from './database/embedded-lock';
import { seedDemoCatalogIfEmpty } from './catalog/demo-catalog';
import { DataSource } from 'typeorm';
import { DATABASE_MODE, DatabaseMode } from './database/database.module';

async function main(): Promise<void> {
  limitHeapGrowth();
  const env = validateEnv(process.env);
  const app = await createApp({ env, database: { holder: `the Tollgate service (pid ${process.pid})` } });
  if (app.get<DatabaseMode>(DATABASE_MODE).embedded) {
    // Embedded mode is the "try it on a fresh machine" path: seed the demo catalog into an empty database.
    await seedDemoCatalogIfEmpty(app.get(DataSource));
  }
  await app.listen(env.PORT, '0.0.0.0');
  process.stderr.write(`Tollgate listening on http://127.0.0.1:${env.PORT} (docs at /docs)\n`);
}

main().catch((err: unknown) => {
  if (err instanceof EnvValidationError || err instanceof EmbeddedDatabaseBusyError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Tollgate failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  }
  process.exit(1);
});
