import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogModule } from '../catalog/catalog.module';
import { StripeModule } from '../stripe/stripe.module';
import { OfferRedemptionRow } from './offer-redemption.entity';
import { OfferRedemptionsService } from './offer-redemptions.service';
import { Offer } from './offer.entity';
import { OffersAdminController } from './offers.admin.controller';
import { OffersController } from './offers.controller';
import { OffersRepository } from './offers.repository';
import { OffersService } from './offers.service';
import { StripeOffersService } from './stripe-offers.service';

/**
 * Offers: trials, introductory prices and promotion codes, defined once, shown on the catalog's plans (through the
 * catalog's PlanOffers), checked and reserved for Checkout and retention (OfferRedemptionsService), mirrored in Stripe.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Offer, OfferRedemptionRow]), AuditModule, CatalogModule, StripeModule],
  controllers: [OffersAdminController, OffersController],
  providers: [OffersService, OffersRepository, OfferRedemptionsService, StripeOffersService],
  exports: [OfferRedemptionsService, StripeOffersService],
})
export class OffersModule {}
