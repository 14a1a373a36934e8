import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { BillingModule } from '../billing/billing.module';
import { CatalogModule } from '../catalog/catalog.module';
import { OffersModule } from '../offers/offers.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { TaxModule } from '../tax/tax.module';
import { DeliveryWorker } from './delivery-worker';
import { OutboxEvent } from './outbox-event.entity';
import { OutboxListeners } from './outbox-listeners';
import { OutboxWriter } from './outbox-writer';
import { WebhookDeliveriesAdminController } from './webhook-deliveries.admin.controller';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEndpointsAdminController } from './webhook-endpoints.admin.controller';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookSecretBox } from './webhook-secret-box';

/**
 * Events out: the publisher's webhook endpoints (secrets sealed at rest), the transactional outbox written by the
 * modules below through their seams (OutboxListeners) and by those above through OutboxWriter, and the delivery worker.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookEndpoint, OutboxEvent, WebhookDelivery]),
    AuditModule,
    CatalogModule,
    SubscriptionsModule,
    BillingModule,
    OffersModule,
    TaxModule,
  ],
  controllers: [WebhookEndpointsAdminController, WebhookDeliveriesAdminController],
  providers: [
    WebhookEndpointsService,
    WebhookEndpointsRepository,
    WebhookSecretBox,
    OutboxWriter,
    OutboxListeners,
    WebhookDeliveriesRepository,
    WebhookDeliveriesService,
    DeliveryWorker,
  ],
  exports: [OutboxWriter],
})
export class EventsModule {}
