import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AccessModule } from './access/access.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthModule } from './auth/auth.module';
import { BillingModule } from './billing/billing.module';
import { CatalogModule } from './catalog/catalog.module';
import { Clock } from './common/clock';
import { AllExceptionsFilter } from './common/http-exception.filter';
import { createLogger, loggerParams } from './common/logging';
import type { EnvDto } from './config/env.schema';
import { CoreModule } from './core.module';
import type { OpenDatabaseOptions } from './database/data-source';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { EntitlementsModule } from './entitlements/entitlements.module';
import { HealthModule } from './health/health.module';
import { MeteringModule } from './metering/metering.module';
import { MetricsModule } from './metrics/metrics.module';
import { OffersModule } from './offers/offers.module';
import { SettingsModule } from './settings/settings.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { TaxModule } from './tax/tax.module';
import { WebModule } from './web/web.module';

export interface AppOptions {
  env: EnvDto;
  clock?: Clock;
  database?: OpenDatabaseOptions & { migrate?: boolean };
  /** Where logs go: stdout for the service, stderr for the CLI (its stdout is for answers). */
  logDestination?: NodeJS.WritableStream;
  /** The pino logger to share (createApp makes one for Fastify and Nest); else one is made from LOG_LEVEL. */
  logger?: Logger;
}

@Module({})
export class AppModule {
  static register(opts: AppOptions): DynamicModule {
    const { env } = opts;
    return {
      module: AppModule,
      imports: [
        CoreModule.register(env, opts.clock ?? new Clock()),
        LoggerModule.forRoot(loggerParams(opts.logger ?? createLogger(env.LOG_LEVEL, opts.logDestination))),
        DatabaseModule.register(env, opts.database),
        AuthModule,
        ApiKeysModule,
        HealthModule,
        CatalogModule,
        SettingsModule,
        OffersModule,
        SubscriptionsModule,
        BillingModule,
        TaxModule,
        EventsModule,
        EntitlementsModule,
        MeteringModule,
        AccessModule,
        MetricsModule,
        WebModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_GUARD, useExisting: ApiKeyGuard },
      ],
    };
  }
}
