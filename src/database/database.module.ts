import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EnvDto } from '../config/env.schema';
import { createDataSource, DatabaseHandle, OpenDatabaseOptions, runMigrations } from './data-source';

export const DATABASE_MODE = Symbol('DATABASE_MODE');
export interface DatabaseMode {
  embedded: boolean;
}

/** TypeORM over PostgreSQL or embedded PGlite; pending migrations are applied when the connection opens. */
@Module({})
export class DatabaseModule {
  static register(env: EnvDto, opts: OpenDatabaseOptions & { migrate?: boolean } = {}): DynamicModule {
    const embedded = !env.DATABASE_URL || !!opts.pglite;
    let handle: DatabaseHandle | undefined;
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => {
            handle = createDataSource(env, opts);
            return handle.dataSource.options;
          },
          dataSourceFactory: async () => {
            const h = handle!;
            await h.dataSource.initialize();
            try {
              if (opts.migrate !== false) await runMigrations(h);
            } catch (e) {
              await h.dataSource.destroy();
              throw e;
            }
            return h.dataSource;
          },
        }),
      ],
      providers: [{ provide: DATABASE_MODE, useValue: { embedded } satisfies DatabaseMode }],
      exports: [DATABASE_MODE],
    };
  }
}
