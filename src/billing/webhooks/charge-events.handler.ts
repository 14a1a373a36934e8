import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BillingHooks } from '../billing-hooks';
import { InvoiceSyncService } from '../invoice-sync.service';
import { StripeClient, type StripeEvent } from '../../stripe/stripe-client';
import { eventObjectId, WebhookHandler } from './webhook-handler';

/**
 * charge.refunded: re-reads the charge's refunds and finds the invoice it paid (through its PaymentIntent's invoice
 * payment: a charge names no invoice in this API version), syncs that invoice, and tells the listeners (tax issues a
 * credit note per refund). A charge that paid no invoice is left alone.
 */
@Injectable()
export class ChargeEventsHandler implements WebhookHandler {
  readonly types = ['charge.refunded'];

  constructor(
    private readonly stripe: StripeClient,
    private readonly invoices: InvoiceSyncService,
    private readonly hooks: BillingHooks,
  ) {}

  async handle(em: EntityManager, event: StripeEvent): Promise<void> {
    const charge = await this.stripe.retrieveCharge(eventObjectId(event));
    const paymentIntent = typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null);
    const stripeInvoiceId = paymentIntent ? await this.stripe.invoiceOfPaymentIntent(paymentIntent) : null;
    if (!stripeInvoiceId) return;
    const invoice = await this.invoices.syncFromStripe(em, stripeInvoiceId, null);
    const refunds = (await this.stripe.listRefunds(charge.id))
      .filter((r) => r.status === 'succeeded')
      .map((r) => ({ stripeRefundId: r.id, amountMinor: r.amount, currency: r.currency.toUpperCase(), createdAt: new Date(r.created * 1000) }));
    await this.hooks.invoiceRefunded(em, invoice, refunds);
  }
}
