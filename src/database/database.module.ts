import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EnvDto } from '../config/env.schema';
import { Invalidations } from './invalidations';
import { Transactions } from './transactions';
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
          // Opened here, not in dataSourceFactory, which TypeOrmModule retries: a held embedded lock must fail at once.
          useFactory: () => {
            handle = createDataSource(env, opts);
            // Each module declares its tables with TypeOrmModule.forFeature; autoLoadEntities gathers them for the factory.
            return { ...handle.dataSource.options, autoLoadEntities: true };
          },
          dataSourceFactory: async (options) => {
            const h = handle!;
            h.dataSource.setOptions({ entities: options?.entities ?? [] });
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
      providers: [
        { provide: DATABASE_MODE, useValue: { embedded } satisfies DatabaseMode },
        Transactions,
        { provide: Invalidations, useFactory: () => new Invalidations(embedded ? null : env.DATABASE_URL!) },
      ],
      exports: [DATABASE_MODE, Transactions, Invalidations],
    };
  }
}
