import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { StripeModule } from '../stripe/stripe.module';
import { Benefit } from './benefit.entity';
import { BenefitsService } from './benefits.service';
import { CatalogAdminController } from './catalog.admin.controller';
import { CatalogController } from './catalog.controller';
import { CatalogEvents } from './catalog.events';
import { CatalogRepository } from './catalog.repository';
import { CatalogService } from './catalog.service';
import { PlanBenefit } from './plan-benefit.entity';
import { PlanPrice } from './plan-price.entity';
import { PlanOffers } from './plan-offers';
import { PlanTax } from './plan-tax';
import { PlanSubscribers } from './plan-subscribers';
import { Plan } from './plan.entity';
import { PublicCatalogService } from './public-catalog.service';
import { StripeCatalogService } from './stripe-catalog.service';

/** Plans, benefits and price versions: the public catalog, its administration, and its mirror in Stripe (Products, Prices). */
@Module({
  imports: [TypeOrmModule.forFeature([Plan, PlanPrice, PlanBenefit, Benefit]), AuditModule, StripeModule],
  controllers: [CatalogController, CatalogAdminController],
  providers: [
    CatalogRepository,
    CatalogService,
    BenefitsService,
    PublicCatalogService,
    CatalogEvents,
    PlanSubscribers,
    PlanOffers,
    PlanTax,
    StripeCatalogService,
  ],
  exports: [CatalogRepository, PlanSubscribers, PlanOffers, PlanTax, PublicCatalogService, StripeCatalogService],
})
export class CatalogModule {}
