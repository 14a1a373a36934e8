import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CatalogRepository } from '../catalog/catalog.repository';
import { DomainError } from '../common/errors';
import { Transactions } from '../database/transactions';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { Invoice } from './invoice.entity';
import { InvoiceSyncService } from './invoice-sync.service';
import { StripeClient } from '../stripe/stripe-client';
import { SubscriptionSyncService } from '../subscriptions/subscription-sync.service';
import { ledgerInvoiceStatus } from '../stripe/stripe-invoice.mapper';

export interface ReconcileReport {
  /** One line per subscription or invoice that was created or repaired. */
  changes: string[];
  subscriptions: number;
  invoicesChecked: number;
}

const FIELDS = [
  'userId',
  'planId',
  'status',
  'stripePriceId',
  'amountMinor',
  'currentPeriodStart',
  'currentPeriodEnd',
  'cancelAtPeriodEnd',
  'canceledAt',
  'endedAt',
] as const;

const show = (v: unknown): string => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? '∅' : String(v));

/**
 * Repairs local state for events missed beyond Stripe's retry window: every subscription Tollgate knows, plus
 * every one Stripe lists, is re-read and upserted under its lock (as a webhook would), and each one's invoices
 * missing or out of date in the ledger are synced.
 */
@Injectable()
export class StripeReconcileService {
  constructor(
    @InjectRepository(Invoice) private readonly ledger: Repository<Invoice>,
    private readonly tx: Transactions,
    private readonly catalog: CatalogRepository,
    private readonly known: SubscriptionsService,
    private readonly stripe: StripeClient,
    private readonly subscriptions: SubscriptionSyncService,
    private readonly invoices: InvoiceSyncService,
  ) {}

  async reconcile(): Promise<ReconcileReport> {
    if (!this.stripe.configured) throw new DomainError('STRIPE_NOT_CONFIGURED', 'Stripe is not configured (set STRIPE_SECRET_KEY)');
    const known = await this.known.stripeSubscriptionIds();
    const listed = await this.stripe.listSubscriptions();
    const ids = [...new Set([...known, ...listed.map((s) => s.id)])].sort();
    const report: ReconcileReport = { changes: [], subscriptions: ids.length, invoicesChecked: 0 };
    for (const id of ids) {
      const change = await this.tx.run(async (em) => {
        const before = await this.known.findByStripeId(id, em);
        const snapshot = before ? { ...before } : null;
        const after = await this.subscriptions.syncFromStripe(em, id);
        if (!snapshot) {
          const plan = after.planId ? (await this.catalog.planCodes([after.planId], em)).get(after.planId) : null;
          return `${id}: created (${after.status}, user ${show(after.userId)}, plan ${show(plan)})`;
        }
        const diffs = FIELDS.filter((f) => show(snapshot[f]) !== show(after[f])).map((f) => `${f} ${show(snapshot[f])} → ${show(after[f])}`);
        return diffs.length ? `${id}: ${diffs.join(', ')}` : null;
      });
      if (change) report.changes.push(change);
      for (const remote of await this.stripe.listInvoices(id)) {
        report.invoicesChecked++;
        const local = await this.ledger.findOne({ where: { stripeInvoiceId: remote.id! } });
        const upToDate =
          local &&
          local.amountPaidMinor === remote.amount_paid &&
          local.status === ledgerInvoiceStatus(remote.status ?? 'draft', !!remote.attempted, null, local.status);
        if (upToDate) continue;
        const saved = await this.tx.run((em) => this.invoices.syncFromStripe(em, remote.id!, null));
        report.changes.push(
          `${remote.id}: ${local ? `status ${local.status} → ${saved.status}` : `recorded (${saved.status}, ${saved.billingReason ?? 'no reason'})`}`,
        );
      }
    }
    return report;
  }
}
