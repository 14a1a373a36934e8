import { Module } from '@nestjs/common';
import { BillingModule } from '../billing/billing.module';
import { CheckoutService } from './checkout.service';
import { SubscriptionActionsService } from './subscription-actions.service';
import { SubscriptionsAdminController } from './subscriptions.admin.controller';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';

/** Readers' subscriptions: checkout, the subscription view, cancel/resume/change plan, invoices. */
@Module({
  imports: [BillingModule],
  controllers: [SubscriptionsController, SubscriptionsAdminController],
  providers: [SubscriptionsService, SubscriptionActionsService, CheckoutService],
  exports: [SubscriptionsService, CheckoutService],
})
export class SubscriptionsModule {}
