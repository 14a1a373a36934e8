import { EntitlementsModule } from '../entitlements/entitlements.module';
import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { InvoiceSyncService } from './invoice-sync.service';
import { StripeClient } from './stripe/stripe-client';
import { StripeCatalogService } from './stripe-catalog.service';
import { StripeReconcileService } from './stripe-reconcile.service';
import { SubscriptionSyncService } from './subscription-sync.service';
import { CheckoutEventsHandler } from './webhooks/checkout-events.handler';
import { InvoiceEventsHandler } from './webhooks/invoice-events.handler';
import { SubscriptionEventsHandler } from './webhooks/subscription-events.handler';
import { WebhookEventsController } from './webhooks/webhook-events.controller';
import { WebhookEventsService } from './webhooks/webhook-events.service';
import { WebhookIntakeService } from './webhooks/webhook-intake.service';
import { WebhooksController } from './webhooks/webhooks.controller';

/** Stripe: the SDK seam, webhook intake and the sync of subscriptions and invoices from Stripe's state. */
@Module({
  imports: [CatalogModule, EntitlementsModule],
  controllers: [WebhooksController, WebhookEventsController],
  providers: [
    StripeClient,
    SubscriptionSyncService,
    InvoiceSyncService,
    SubscriptionEventsHandler,
    InvoiceEventsHandler,
    CheckoutEventsHandler,
    WebhookIntakeService,
    WebhookEventsService,
    StripeCatalogService,
    StripeReconcileService,
  ],
  exports: [StripeClient, SubscriptionSyncService, InvoiceSyncService, WebhookIntakeService, StripeCatalogService, StripeReconcileService],
})
export class BillingModule {}
