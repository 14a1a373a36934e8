import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogModule } from '../catalog/catalog.module';
import { OffersModule } from '../offers/offers.module';
import { StripeModule } from '../stripe/stripe.module';
import { CheckoutStart } from './checkout-start.entity';
import { CheckoutService } from './checkout.service';
import { Customer } from './customer.entity';
import { CustomersRepository } from './customers.repository';
import { SubscriptionActionsService } from './subscription-actions.service';
import { SubscriptionSyncService } from './subscription-sync.service';
import { Subscription } from './subscription.entity';
import { SubscriptionEvents } from './subscription.events';
import { SubscriptionsAdminController } from './subscriptions.admin.controller';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsRepository } from './subscriptions.repository';
import { SubscriptionsService } from './subscriptions.service';

/**
 * Readers' subscriptions and Stripe customers: Checkout, the subscription view, cancel/resume/change plan, and the
 * linking rules that upsert a Stripe subscription onto a user and a plan (SubscriptionSyncService). What other modules
 * do when a subscription changes, they register on SubscriptionEvents.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Subscription, Customer, CheckoutStart]), AuditModule, CatalogModule, OffersModule, StripeModule],
  controllers: [SubscriptionsController, SubscriptionsAdminController],
  providers: [
    SubscriptionsService,
    SubscriptionsRepository,
    CustomersRepository,
    SubscriptionActionsService,
    CheckoutService,
    SubscriptionSyncService,
    SubscriptionEvents,
  ],
  exports: [SubscriptionsService, CheckoutService, SubscriptionSyncService, SubscriptionEvents, CustomersRepository],
})
export class SubscriptionsModule {}
