import 'reflect-metadata';
import { SYSTEM_ACTOR } from './auth/actor';
import { ApiKeysService, type CreatedApiKey } from './api-keys/api-keys.service';
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
  const app = await createApp({ env, database: { holder: 'the Tollgate service' } });
  let firstKey: CreatedApiKey | null = null;
  if (app.get<DatabaseMode>(DATABASE_MODE).embedded) {
    // Embedded mode is the "try it on a fresh machine" path: seed the demo catalog into an empty database, and mint
    // the first admin key here, since the CLI cannot open the database while the service holds it. (With
    // DATABASE_URL the CLI works beside the service, and no key is written to a production log.)
    await seedDemoCatalogIfEmpty(app.get(DataSource));
    firstKey = await app.get(ApiKeysService).createFirstAdminKey(SYSTEM_ACTOR);
  }
  await app.listen(env.PORT, '0.0.0.0');
  const url = `http://127.0.0.1:${env.PORT}`;
  process.stderr.write(
    `Tollgate listening on ${url} (docs at /docs)\n` +
      (firstKey
        ? `No admin API key existed, so one was created ("${firstKey.name}", id ${firstKey.id}). ` +
          `Sign in to ${url}/admin with it; it is shown this once:\n${firstKey.key}\n`
        : ''),
  );
}

main().catch((err: unknown) => {
  if (err instanceof EnvValidationError || err instanceof EmbeddedDatabaseBusyError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Tollgate failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  }
  process.exit(1);
});
