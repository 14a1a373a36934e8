import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEndpointsAdminController } from './webhook-endpoints.admin.controller';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookSecretBox } from './webhook-secret-box';

/** Events out: the publisher's webhook endpoints, their secrets sealed at rest (delivery follows in the outbox). */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEndpoint]), AuditModule],
  controllers: [WebhookEndpointsAdminController],
  providers: [WebhookEndpointsService, WebhookEndpointsRepository, WebhookSecretBox],
})
export class EventsModule {}
