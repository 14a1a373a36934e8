import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogModule } from '../catalog/catalog.module';
import { SubscriptionEvents } from '../subscriptions/subscription.events';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
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
  imports: [TypeOrmModule.forFeature([Grant]), AuditModule, CatalogModule, SubscriptionsModule],
  controllers: [EntitlementsController, GrantsController],
  providers: [EntitlementsRepository, EntitlementsCache, EntitlementsService, GrantsService],
  exports: [EntitlementsService],
})
export class EntitlementsModule {
  constructor(subscriptionEvents: SubscriptionEvents, cache: EntitlementsCache) {
    // A subscription change is the user's (and a previous user's) new facts once it commits.
    subscriptionEvents.onStored(async ({ em, userId, previousUserId }) => {
      if (userId) await cache.invalidate(em, userId);
      if (previousUserId && previousUserId !== userId) await cache.invalidate(em, previousUserId);
    });
  }
}
