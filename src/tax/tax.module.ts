import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { BillingModule } from '../billing/billing.module';
import { CatalogModule } from '../catalog/catalog.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { BillingDetails } from './billing-details.entity';
import { BillingDetailsController } from './billing-details.controller';
import { BillingDetailsService } from './billing-details.service';
import { TaxInvoiceCounter } from './tax-invoice-counter.entity';
import { TaxInvoice } from './tax-invoice.entity';
import { TaxInvoicesAdminController } from './tax-invoices.admin.controller';
import { TaxInvoicesController } from './tax-invoices.controller';
import { TaxInvoicesService } from './tax-invoices.service';
import { TaxIssuerService } from './tax-issuer.service';
import { TaxSettings } from './tax-settings.entity';
import { TaxSettingsController } from './tax-settings.controller';
import { TaxSettingsService } from './tax-settings.service';
import { TaxRepository } from './tax.repository';

/**
 * GST (India): the publisher's registration and readers' billing details, the GST inside each plan's price (through
 * the catalog's PlanTax), and tax invoices and credit notes issued from Stripe's paid invoices and refunds (through
 * billing's BillingHooks), numbered gap-free per financial year, as JSON, PDF and GSTR-1 CSV.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([TaxSettings, BillingDetails, TaxInvoice, TaxInvoiceCounter]),
    AuditModule,
    BillingModule,
    CatalogModule,
    SubscriptionsModule,
  ],
  controllers: [TaxSettingsController, BillingDetailsController, TaxInvoicesController, TaxInvoicesAdminController],
  providers: [TaxSettingsService, BillingDetailsService, TaxInvoicesService, TaxIssuerService, TaxRepository],
  exports: [TaxIssuerService],
})
export class TaxModule {}
