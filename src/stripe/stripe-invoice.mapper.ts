import type { StripeInvoice } from './stripe-client';

/** What Tollgate keeps of a Stripe invoice in its ledger. */
export interface InvoiceSnapshot {
  stripeInvoiceId: string;
  stripeSubscriptionId: string | null;
  stripeCustomerId: string | null;
  stripeStatus: string;
  totalMinor: number;
  amountPaidMinor: number;
  currency: string;
  billingReason: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  hostedInvoiceUrl: string | null;
  paidAt: Date | null;
  stripeCreatedAt: Date;
  attempted: boolean;
}

const date = (unix: number | null | undefined): Date | null => (typeof unix === 'number' ? new Date(unix * 1000) : null);
const idOf = (v: unknown): string | null => (v == null ? null : typeof v === 'string' ? v : ((v as { id?: string }).id ?? null));

/**
 * Maps a Stripe invoice. The subscription is at `parent.subscription_details.subscription` (no top-level field in
 * this API version), else on a subscription line. The period is the first subscription line's service period:
 * a renewal invoice's own period_start/period_end describe the period that just ended.
 */
export function mapStripeInvoice(inv: StripeInvoice): InvoiceSnapshot {
  const lines = inv.lines?.data ?? [];
  const subLine = lines.find((l) => l.parent?.subscription_item_details?.subscription) ?? null;
  const subscription = idOf(inv.parent?.subscription_details?.subscription) ?? idOf(subLine?.parent?.subscription_item_details?.subscription) ?? null;
  const period = subLine?.period ?? lines[0]?.period ?? null;
  return {
    stripeInvoiceId: inv.id!,
    stripeSubscriptionId: subscription,
    stripeCustomerId: idOf(inv.customer),
    stripeStatus: inv.status ?? 'draft',
    totalMinor: inv.total,
    amountPaidMinor: inv.amount_paid,
    currency: inv.currency.toUpperCase(),
    billingReason: inv.billing_reason ?? null,
    periodStart: date(period?.start ?? inv.period_start),
    periodEnd: date(period?.end ?? inv.period_end),
    hostedInvoiceUrl: inv.hosted_invoice_url ?? null,
    paidAt: date(inv.status_transitions?.paid_at),
    stripeCreatedAt: date(inv.created)!,
    attempted: !!inv.attempted,
  };
}

/**
 * The ledger status: Stripe's own (draft, open, paid, uncollectible, void), except that an open invoice whose
 * payment was attempted records the last attempt's outcome (payment_failed / action_required), since Stripe keeps
 * such an invoice "open". A stale event cannot turn a paid invoice back: Stripe's fresh status wins.
 */
export function ledgerInvoiceStatus(stripeStatus: string, attempted: boolean, eventType: string | null, previous: string | null): string {
  if (stripeStatus !== 'open') return stripeStatus;
  if (eventType === 'invoice.payment_action_required') return 'action_required';
  if (eventType === 'invoice.payment_failed') return 'payment_failed';
  if (previous === 'payment_failed' || previous === 'action_required') return previous;
  return attempted ? 'payment_failed' : 'open';
}
