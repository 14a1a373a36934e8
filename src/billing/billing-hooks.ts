import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Invoice } from './invoice.entity';

/** A refund of an invoice's payment, as Stripe reports it. */
export interface InvoiceRefund {
  stripeRefundId: string;
  amountMinor: number;
  currency: string;
  createdAt: Date;
}

export type InvoicePaidListener = (em: EntityManager, invoice: Invoice) => Promise<void>;
/** Every write of a ledger row: its status before (null: new row), and the Stripe event type that caused it (null: a replay or reconcile). */
export type InvoiceStoredListener = (em: EntityManager, invoice: Invoice, previousStatus: string | null, eventType: string | null) => Promise<void>;
export type InvoiceRefundedListener = (em: EntityManager, invoice: Invoice, refunds: InvoiceRefund[]) => Promise<void>;

/**
 * What features above billing act on inside the webhook's own transaction: a ledger row written, a paid invoice, a
 * refunded payment. A
 * listener that throws fails the event (500, so Stripe retries) and rolls back everything it did. Tax and events
 * register here when they start (billing never imports it).
 */
@Injectable()
export class BillingHooks {
  private readonly paid: InvoicePaidListener[] = [];
  private readonly refunded: InvoiceRefundedListener[] = [];
  private readonly stored: InvoiceStoredListener[] = [];

  onInvoicePaid(listener: InvoicePaidListener): void {
    this.paid.push(listener);
  }

  onInvoiceRefunded(listener: InvoiceRefundedListener): void {
    this.refunded.push(listener);
  }

  onInvoiceStored(listener: InvoiceStoredListener): void {
    this.stored.push(listener);
  }

  async invoiceStored(em: EntityManager, invoice: Invoice, previousStatus: string | null, eventType: string | null): Promise<void> {
    for (const listener of this.stored) await listener(em, invoice, previousStatus, eventType);
  }

  async invoicePaid(em: EntityManager, invoice: Invoice): Promise<void> {
    for (const listener of this.paid) await listener(em, invoice);
  }

  async invoiceRefunded(em: EntityManager, invoice: Invoice, refunds: InvoiceRefund[]): Promise<void> {
    for (const listener of this.refunded) await listener(em, invoice, refunds);
  }
}
