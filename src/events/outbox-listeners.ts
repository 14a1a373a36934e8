import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BillingHooks } from '../billing/billing-hooks';
import type { Invoice } from '../billing/invoice.entity';
import { toInvoiceView } from '../billing/invoices.service';
import { CatalogRepository } from '../catalog/catalog.repository';
import { OfferRedemptionsService, type OfferRedeemed } from '../offers/offer-redemptions.service';
import { toSubscriptionView } from '../subscriptions/domain/subscription-view';
import { SubscriptionEvents, type SubscriptionStored } from '../subscriptions/subscription.events';
import { TaxIssuerService } from '../tax/tax-issuer.service';
import type { TaxInvoice } from '../tax/tax-invoice.entity';
import { toTaxInvoiceView } from '../tax/tax-views';
import { subscriptionEventTypes } from './domain/subscription-changes';
import { OutboxWriter } from './outbox-writer';

/**
 * Writes the events of the modules below this one into the outbox, inside the transaction of each change, through
 * their seams (they never import events): subscriptions, billing's ledger, offers' redemptions, tax documents.
 * Entitlements, above events, writes its own (grants, entitlements.changed) through OutboxWriter.
 */
@Injectable()
export class OutboxListeners implements OnModuleInit {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly catalog: CatalogRepository,
    private readonly subscriptionEvents: SubscriptionEvents,
    private readonly billingHooks: BillingHooks,
    private readonly offers: OfferRedemptionsService,
    private readonly tax: TaxIssuerService,
  ) {}

  onModuleInit(): void {
    this.subscriptionEvents.onStored((e) => this.subscriptionStored(e));
    this.billingHooks.onInvoiceStored((em, invoice, previousStatus, eventType) => this.invoiceStored(em, invoice, previousStatus, eventType));
    this.offers.onRedeemed((em, redeemed) => this.offerRedeemed(em, redeemed));
    this.tax.onIssued((em, doc, originalNumber) => this.taxDocumentIssued(em, doc, originalNumber));
  }

  private async subscriptionStored({ em, previous, current }: SubscriptionStored): Promise<void> {
    const types = subscriptionEventTypes(previous, current);
    if (!types.length) return;
    const planIds = [previous?.planId, current.planId].filter((id): id is string => !!id);
    const codes = await this.catalog.planCodes(planIds, em);
    const code = (id: string | null | undefined) => (id ? (codes.get(id) ?? null) : null);
    const subscription = toSubscriptionView(current, code(current.planId));
    for (const type of types) {
      const extra = type === 'subscription.plan_changed' ? { previousPlanCode: code(previous?.planId) } : {};
      await this.outbox.write(em, type, { userId: current.userId, subscription, ...extra });
    }
  }

  /** invoice.paid when a row first becomes paid; invoice.payment_failed for each failed attempt Stripe reports. */
  private async invoiceStored(em: EntityManager, invoice: Invoice, previousStatus: string | null, eventType: string | null): Promise<void> {
    const data = () => ({ userId: invoice.userId, stripeSubscriptionId: invoice.stripeSubscriptionId, invoice: toInvoiceView(invoice) });
    if (invoice.status === 'paid' && previousStatus !== 'paid') await this.outbox.write(em, 'invoice.paid', data());
    else if (eventType === 'invoice.payment_failed' && invoice.status === 'payment_failed')
      await this.outbox.write(em, 'invoice.payment_failed', data());
  }

  private async offerRedeemed(em: EntityManager, r: OfferRedeemed): Promise<void> {
    await this.outbox.write(em, 'offer.redeemed', {
      userId: r.userId,
      offerCode: r.offer.code,
      offerKind: r.offer.kind,
      promotionCode: r.offer.promotionCode,
      stripeSubscriptionId: r.stripeSubscriptionId,
      redeemedAt: r.redeemedAt.toISOString(),
    });
  }

  private async taxDocumentIssued(em: EntityManager, doc: TaxInvoice, originalNumber: string | null): Promise<void> {
    await this.outbox.write(em, 'tax_invoice.issued', { userId: doc.userId, taxInvoice: toTaxInvoiceView(doc, originalNumber) });
  }
}
