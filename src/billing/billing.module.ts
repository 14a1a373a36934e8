import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogModule } from '../catalog/catalog.module';
import { OffersModule } from '../offers/offers.module';
import { StripeModule } from '../stripe/stripe.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { BillingHooks } from './billing-hooks';
import { Invoice } from './invoice.entity';
import { InvoiceSyncService } from './invoice-sync.service';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';
import { StripeReconcileService } from './stripe-reconcile.service';
import { ChargeEventsHandler } from './webhooks/charge-events.handler';
import { CheckoutEventsHandler } from './webhooks/checkout-events.handler';
import { InvoiceEventsHandler } from './webhooks/invoice-events.handler';
import { SubscriptionEventsHandler } from './webhooks/subscription-events.handler';
import { WebhookEvent } from './webhooks/webhook-event.entity';
import { WebhookEventsController } from './webhooks/webhook-events.controller';
import { WebhookEventsRepository } from './webhooks/webhook-events.repository';
import { WebhookEventsService } from './webhooks/webhook-events.service';
import { WebhookIntakeService } from './webhooks/webhook-intake.service';
import { WebhooksController } from './webhooks/webhooks.controller';

/** What Stripe tells us: webhook intake and replay, the invoice ledger, and the reconcile of missed events. */
@Module({
  imports: [TypeOrmModule.forFeature([Invoice, WebhookEvent]), AuditModule, CatalogModule, OffersModule, StripeModule, SubscriptionsModule],
  controllers: [WebhooksController, WebhookEventsController, InvoicesController],
  providers: [
    InvoiceSyncService,
    InvoicesService,
    SubscriptionEventsHandler,
    InvoiceEventsHandler,
    CheckoutEventsHandler,
    ChargeEventsHandler,
    BillingHooks,
    WebhookIntakeService,
    WebhookEventsService,
    WebhookEventsRepository,
    StripeReconcileService,
  ],
  exports: [StripeReconcileService, BillingHooks],
})
export class BillingModule {}
