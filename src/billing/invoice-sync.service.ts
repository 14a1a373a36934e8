import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CustomersRepository } from '../subscriptions/customers.repository';
import { BillingHooks } from './billing-hooks';
import { Invoice } from './invoice.entity';
import { StripeClient } from '../stripe/stripe-client';
import { lockStripeObject } from '../stripe/stripe-object-lock';
import { SubscriptionSyncService } from '../subscriptions/subscription-sync.service';
import { ledgerInvoiceStatus, mapStripeInvoice } from '../stripe/stripe-invoice.mapper';

/** Keeps the invoice ledger: one row per Stripe invoice, upserted from the invoice re-read from Stripe. */
@Injectable()
export class InvoiceSyncService {
  constructor(
    private readonly stripe: StripeClient,
    private readonly subscriptions: SubscriptionSyncService,
    private readonly customers: CustomersRepository,
    private readonly hooks: BillingHooks,
  ) {}

  /**
   * Locks the invoice, re-reads it, syncs its subscription too (an invoice event may arrive before any
   * subscription event), then upserts the ledger row and, once it is paid, tells the BillingHooks listeners. Lock order is always invoice, then subscription.
   */
  async syncFromStripe(em: EntityManager, stripeInvoiceId: string, eventType: string | null): Promise<Invoice> {
    await lockStripeObject(em, stripeInvoiceId);
    const snap = mapStripeInvoice(await this.stripe.retrieveInvoice(stripeInvoiceId));
    let userId: string | null = null;
    if (snap.stripeSubscriptionId) {
      userId = (await this.subscriptions.syncFromStripe(em, snap.stripeSubscriptionId)).userId;
    } else if (snap.stripeCustomerId) {
      userId = await this.customers.userOf(snap.stripeCustomerId, em);
    }
    const existing = await em.findOne(Invoice, { where: { stripeInvoiceId } });
    const row = existing ?? em.create(Invoice, { stripeInvoiceId });
    Object.assign(row, {
      stripeSubscriptionId: snap.stripeSubscriptionId,
      stripeCustomerId: snap.stripeCustomerId,
      userId: userId ?? existing?.userId ?? null,
      status: ledgerInvoiceStatus(snap.stripeStatus, snap.attempted, eventType, existing?.status ?? null),
      totalMinor: snap.totalMinor,
      amountPaidMinor: snap.amountPaidMinor,
      currency: snap.currency,
      billingReason: snap.billingReason,
      periodStart: snap.periodStart,
      periodEnd: snap.periodEnd,
      hostedInvoiceUrl: snap.hostedInvoiceUrl,
      paidAt: snap.paidAt,
      stripeCreatedAt: snap.stripeCreatedAt,
    });
    const previousStatus = existing?.status ?? null;
    const saved = await em.save(row);
    await this.hooks.invoiceStored(em, saved, previousStatus, eventType);
    // Every sync of a paid invoice asks again: the listeners are idempotent, so a copy of the event, a replay or a
    // reconcile adds nothing, and one that failed before is finished by the next.
    if (saved.status === 'paid' && saved.amountPaidMinor > 0) await this.hooks.invoicePaid(em, saved);
    return saved;
  }
}
