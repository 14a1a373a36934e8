import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Plan } from '../catalog/plan.entity';
import { DomainError } from '../common/errors';
import { Subscription } from '../subscriptions/subscription.entity';
import { Invoice } from './invoice.entity';
import { InvoiceSyncService } from './invoice-sync.service';
import { StripeClient } from './stripe/stripe-client';
import { SubscriptionSyncService } from './subscription-sync.service';
import { ledgerInvoiceStatus } from './webhooks/stripe-invoice.mapper';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stripe: StripeClient,
    private readonly subscriptions: SubscriptionSyncService,
    private readonly invoices: InvoiceSyncService,
  ) {}

  async reconcile(): Promise<ReconcileReport> {
    if (!this.stripe.configured) throw new DomainError('STRIPE_NOT_CONFIGURED', 'Stripe is not configured (set STRIPE_SECRET_KEY)');
    const known = await this.dataSource.getRepository(Subscription).find({ select: { stripeSubscriptionId: true } });
    const listed = await this.stripe.listSubscriptions();
    const ids = [...new Set([...known.map((s) => s.stripeSubscriptionId), ...listed.map((s) => s.id)])].sort();
    const report: ReconcileReport = { changes: [], subscriptions: ids.length, invoicesChecked: 0 };
    for (const id of ids) {
      const change = await this.dataSource.transaction(async (em) => {
        const before = await em.findOne(Subscription, { where: { stripeSubscriptionId: id } });
        const snapshot = before ? { ...before } : null;
        const after = await this.subscriptions.syncFromStripe(em, id);
        if (!snapshot) {
          const plan = after.planId ? await em.findOne(Plan, { where: { id: after.planId } }) : null;
          return `${id}: created (${after.status}, user ${show(after.userId)}, plan ${show(plan?.code)})`;
        }
        const diffs = FIELDS.filter((f) => show(snapshot[f]) !== show(after[f])).map((f) => `${f} ${show(snapshot[f])} → ${show(after[f])}`);
        return diffs.length ? `${id}: ${diffs.join(', ')}` : null;
      });
      if (change) report.changes.push(change);
      for (const remote of await this.stripe.listInvoices(id)) {
        report.invoicesChecked++;
        const local = await this.dataSource.getRepository(Invoice).findOne({ where: { stripeInvoiceId: remote.id! } });
        const upToDate =
          local &&
          local.amountPaidMinor === remote.amount_paid &&
          local.status === ledgerInvoiceStatus(remote.status ?? 'draft', !!remote.attempted, null, local.status);
        if (upToDate) continue;
        const saved = await this.dataSource.transaction((em) => this.invoices.syncFromStripe(em, remote.id!, null));
        report.changes.push(
          `${remote.id}: ${local ? `status ${local.status} → ${saved.status}` : `recorded (${saved.status}, ${saved.billingReason ?? 'no reason'})`}`,
        );
      }
    }
    return report;
  }
}
