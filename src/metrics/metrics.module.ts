import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module';
import { MeteringModule } from '../metering/metering.module';
import { OffersModule } from '../offers/offers.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { SubscriptionChange } from './subscription-change.entity';
import { SubscriptionHistoryRecorder } from './subscription-history.recorder';
import { SubscriptionHistoryRepository } from './subscription-history.repository';

/** Subscription metrics and the paywall funnel for billing staff, and the subscription history they are read from. */
@Module({
  imports: [TypeOrmModule.forFeature([SubscriptionChange]), CatalogModule, OffersModule, SubscriptionsModule, MeteringModule],
  controllers: [MetricsController],
  providers: [MetricsService, SubscriptionHistoryRepository, SubscriptionHistoryRecorder],
})
export class MetricsModule {}
