import { Inject, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogModule } from '../catalog/catalog.module';
import { Clock } from '../common/clock';
import { ENV, type EnvDto } from '../config/env.schema';
import { EventsModule } from '../events/events.module';
import { OutboxWriter } from '../events/outbox-writer';
import { SubscriptionEvents } from '../subscriptions/subscription.events';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { usersWithChangedAccess } from './domain/access-change';
import { EntitlementsCache } from './entitlements-cache';
import { EntitlementsController } from './entitlements.controller';
import { EntitlementsRepository } from './entitlements.repository';
import { EntitlementsService } from './entitlements.service';
import { Grant } from './grant.entity';
import { GrantsController } from './grants.controller';
import { GrantsService } from './grants.service';

/**
 * Who may read what, decided at the moment of the request from a user's subscriptions and staff grants. The cache of
 * those facts listens to SubscriptionEvents (subscriptions never imports this module) and to grant writes.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Grant]), AuditModule, CatalogModule, SubscriptionsModule, EventsModule],
  controllers: [EntitlementsController, GrantsController],
  providers: [EntitlementsRepository, EntitlementsCache, EntitlementsService, GrantsService],
  exports: [EntitlementsService],
})
export class EntitlementsModule {
  constructor(subscriptionEvents: SubscriptionEvents, cache: EntitlementsCache, outbox: OutboxWriter, clock: Clock, @Inject(ENV) env: EnvDto) {
    // A subscription change is the user's (and a previous user's) new facts once it commits.
    subscriptionEvents.onStored(async ({ em, userId, previousUserId }) => {
      if (userId) await cache.invalidate(em, userId);
      if (previousUserId && previousUserId !== userId) await cache.invalidate(em, previousUserId);
    });
    // entitlements.changed, in the same transaction, for each user whose access the write changes.
    const policy = { renewalLeewayHours: env.RENEWAL_LEEWAY_HOURS, gracePeriodDays: env.GRACE_PERIOD_DAYS };
    subscriptionEvents.onStored(async ({ em, previous, current }) => {
      for (const userId of usersWithChangedAccess(previous, current, clock.now(), policy)) {
        await outbox.write(em, 'entitlements.changed', { userId, cause: 'subscription', subscriptionId: current.id });
      }
    });
  }
}
