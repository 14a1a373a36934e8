import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { OffersModule } from '../offers/offers.module';
import { SettingsModule } from '../settings/settings.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { PaywallDemoController } from './paywall-demo.controller';
import { PaywallDemoService } from './paywall-demo.service';
import { WebPagesService } from './web-pages.service';
import { WebController } from './web.controller';

/** Serves the staff console and the reference paywall page from public/, and the demo page's public routes. */
@Module({
  imports: [AccessModule, OffersModule, SettingsModule, SubscriptionsModule],
  controllers: [WebController, PaywallDemoController],
  providers: [WebPagesService, PaywallDemoService],
})
export class WebModule {}
