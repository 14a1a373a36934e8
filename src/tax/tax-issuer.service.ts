import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BillingHooks, type InvoiceRefund } from '../billing/billing-hooks';
import type { Invoice } from '../billing/invoice.entity';
import { CatalogRepository } from '../catalog/catalog.repository';
import { Clock } from '../common/clock';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { indianDate } from './domain/financial-year';
import { placeOfSupply, splitGst } from './domain/gst-maths';
import { documentNumber, seriesOf, type TaxDocumentKind } from './domain/tax-document';
import { BillingDetails } from './billing-details.entity';
import { TaxInvoice } from './tax-invoice.entity';
import { TaxSettings } from './tax-settings.entity';
import { TaxRepository } from './tax.repository';
import { ratePercentOf } from './tax-views';

/** A tax document just issued (an invoice, or a credit note with its invoice's number), in the issuing transaction. */
export type TaxDocumentIssuedListener = (em: EntityManager, doc: TaxInvoice, originalNumber: string | null) => Promise<void>;

/** GST is charged in rupees: an invoice in another currency gets no GST document. */
const GST_CURRENCY = 'INR';

/**
 * Issues GST documents inside the Stripe webhook's transaction: a tax invoice when an invoice is paid, a credit note
 * per refund. The invoice sync holds the Stripe invoice's lock, so copies of an event (on any instance) queue and find
 * the document issued; the unique indexes stop anything that slips past. A failure fails the event (500, Stripe
 * retries) and rolls back the number with it.
 */
@Injectable()
export class TaxIssuerService implements OnModuleInit {
  private readonly logger = new Logger(TaxIssuerService.name);
  private readonly issuedListeners: TaxDocumentIssuedListener[] = [];

  constructor(
    private readonly hooks: BillingHooks,
    private readonly repo: TaxRepository,
    private readonly subscriptions: SubscriptionsService,
    private readonly catalog: CatalogRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.hooks.onInvoicePaid((em, invoice) => this.issueInvoice(em, invoice).then(() => undefined));
    this.hooks.onInvoiceRefunded((em, invoice, refunds) => this.issueCreditNotes(em, invoice, refunds));
  }

  /** A module above tax acts on each document issued, inside the issuing transaction (events writes tax_invoice.issued). */
  onIssued(listener: TaxDocumentIssuedListener): void {
    this.issuedListeners.push(listener);
  }

  /** The tax invoice of a paid invoice: the existing one, or a new one; null without tax settings or in another currency. */
  async issueInvoice(em: EntityManager, invoice: Invoice): Promise<TaxInvoice | null> {
    const existing = await this.repo.invoiceFor(em, invoice.stripeInvoiceId);
    if (existing) return existing;
    if (invoice.currency !== GST_CURRENCY || invoice.amountPaidMinor <= 0) return null;
    const settings = await em.findOne(TaxSettings, { where: { id: 1 } });
    if (!settings) {
      this.logger.warn(`Invoice ${invoice.stripeInvoiceId} was paid before any tax settings: no tax invoice issued`);
      return null;
    }
    // The recipient as they are now: the document keeps this copy whatever they change later.
    const details = invoice.userId ? await em.findOne(BillingDetails, { where: { userId: invoice.userId } }) : null;
    const pos = placeOfSupply(details?.stateCode, settings.stateCode);
    const split = splitGst(invoice.amountPaidMinor, ratePercentOf(settings.rateBp), pos === settings.stateCode);
    const issuedAt = invoice.paidAt ?? this.clock.now();
    return this.insert(em, 'invoice', issuedAt, settings.invoicePrefix, null, {
      userId: invoice.userId,
      stripeInvoiceId: invoice.stripeInvoiceId,
      stripeRefundId: null,
      originalId: null,
      supplierGstin: settings.gstin,
      supplierLegalName: settings.legalName,
      supplierAddress: settings.address,
      supplierStateCode: settings.stateCode,
      recipientName: details?.name ?? null,
      recipientGstin: details?.gstin ?? null,
      recipientStateCode: details?.stateCode ?? null,
      recipientAddress: details?.address ?? null,
      placeOfSupply: pos,
      sacCode: settings.sacCode,
      rateBp: settings.rateBp,
      description: await this.describe(em, invoice),
      currency: invoice.currency,
      taxableMinor: split.taxable,
      cgstMinor: split.cgst,
      sgstMinor: split.sgst,
      igstMinor: split.igst,
      totalMinor: invoice.amountPaidMinor,
    });
  }

  /**
   * One credit note per refund not yet credited, against the invoice's tax invoice: same parties, place of supply and
   * rate, the refunded amount split the same way. Numbered in the prefix the settings have now.
   */
  async issueCreditNotes(em: EntityManager, invoice: Invoice, refunds: InvoiceRefund[]): Promise<void> {
    const original = await this.issueInvoice(em, invoice);
    if (!original) return;
    const credited = await this.repo.refundsCredited(em, invoice.stripeInvoiceId);
    const settings = await em.findOneOrFail(TaxSettings, { where: { id: 1 } });
    for (const refund of [...refunds].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
      if (credited.has(refund.stripeRefundId) || refund.amountMinor <= 0 || refund.currency !== original.currency) continue;
      const split = splitGst(refund.amountMinor, ratePercentOf(original.rateBp), original.placeOfSupply === original.supplierStateCode);
      const { id: _id, number: _n, financialYear: _fy, seq: _s, issuedAt: _at, createdAt: _c, ...copied } = original;
      await this.insert(em, 'credit_note', refund.createdAt, settings.invoicePrefix, original.number, {
        ...copied,
        stripeRefundId: refund.stripeRefundId,
        originalId: original.id,
        description: `Refund against ${original.number}: ${original.description}`,
        taxableMinor: split.taxable,
        cgstMinor: split.cgst,
        sgstMinor: split.sgst,
        igstMinor: split.igst,
        totalMinor: refund.amountMinor,
      });
    }
  }

  private async insert(
    em: EntityManager,
    kind: TaxDocumentKind,
    issuedAt: Date,
    prefix: string,
    originalNumber: string | null,
    fields: Omit<TaxInvoice, 'id' | 'kind' | 'number' | 'financialYear' | 'seq' | 'issuedAt' | 'createdAt'>,
  ): Promise<TaxInvoice> {
    const series = seriesOf(kind, issuedAt);
    const seq = await this.repo.nextSeq(em, kind, series.financialYear);
    const number = documentNumber(prefix, kind, series.financialYear, seq);
    const doc = await em.save(em.create(TaxInvoice, { ...fields, kind, number, financialYear: series.financialYear, seq, issuedAt }));
    for (const listener of this.issuedListeners) await listener(em, doc, originalNumber);
    return doc;
  }

  /** The line: "Smart Quarterly, 05-Dec-2026 to 05-Mar-2027" (the plan of the invoice's subscription and its period). */
  private async describe(em: EntityManager, invoice: Invoice): Promise<string> {
    const sub = invoice.stripeSubscriptionId ? await this.subscriptions.findByStripeId(invoice.stripeSubscriptionId, em) : null;
    const plan = sub?.planId ? await this.catalog.planById(sub.planId, em).catch(() => null) : null;
    const what = plan ? `${plan.name} subscription` : 'Digital subscription';
    const period = invoice.periodStart && invoice.periodEnd ? `, ${indianDate(invoice.periodStart)} to ${indianDate(invoice.periodEnd)}` : '';
    return `${what}${period}`;
  }
}
