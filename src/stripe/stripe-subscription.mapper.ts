import type { StripeSubscription, StripeSubscriptionItem } from './stripe-client';
import { isSubscriptionStatus, type SubscriptionStatus } from './subscription-statuses';

/** What Tollgate keeps of a Stripe subscription, before linking it to a user and a plan. */
export interface SubscriptionSnapshot {
  stripeSubscriptionId: string;
  stripeCustomerId: string;
  status: SubscriptionStatus;
  stripeItemId: string | null;
  stripePriceId: string | null;
  priceLookupKey: string | null;
  amountMinor: number | null;
  currency: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: Date | null;
  endedAt: Date | null;
  stripeCreatedAt: Date | null;
  metadata: Record<string, string>;
  trialEnd: Date | null;
  /** The offer in force; undefined when this object does not tell (its discounts were not expanded). */
  offer: SubscriptionOffer | null | undefined;
}

/** A Tollgate offer on a Stripe subscription: named by its coupon's metadata, or by the subscription's for a trial. */
interface SubscriptionOffer {
  code: string;
  kind: string;
  endsAt: Date | null;
}

type ExpandableCoupon = string | { metadata?: Record<string, string> | null } | null | undefined;
type ExpandableDiscount = string | { end?: number | null; source?: { coupon?: ExpandableCoupon } | null };

/**
 * The offer a subscription shows: a discount whose coupon Tollgate made (metadata offer_code), else a running trial
 * started by an offer (subscription metadata offer_code). A discount Tollgate did not make is no offer.
 */
function offerOfSubscription(sub: StripeSubscription): SubscriptionOffer | null | undefined {
  const discounts = ((sub as { discounts?: ExpandableDiscount[] | null }).discounts ?? []) as ExpandableDiscount[];
  for (const d of discounts) {
    if (typeof d === 'string') return undefined;
    const coupon = d.source?.coupon;
    if (typeof coupon === 'string') return undefined;
    const code = coupon?.metadata?.offer_code;
    if (code) return { code, kind: coupon.metadata?.offer_kind ?? 'percent_off', endsAt: date(d.end) };
  }
  const code = sub.metadata?.offer_code;
  if (code && sub.status === 'trialing' && sub.trial_end) return { code, kind: 'trial', endsAt: date(sub.trial_end) };
  return null;
}

/** Stripe status → local status. An unknown (future) status is an error: the event fails loudly, not silently. */
export function mapSubscriptionStatus(status: string): SubscriptionStatus {
  if (!isSubscriptionStatus(status)) throw new Error(`Unknown Stripe subscription status "${status}"`);
  return status;
}

const date = (unix: number | null | undefined): Date | null => (typeof unix === 'number' ? new Date(unix * 1000) : null);
const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === 'string' ? v : v.id);

/**
 * Maps a Stripe subscription (API 2026-10-28: periods live on the items) to the local row's fields.
 * With several items, the period is the earliest-ending one's, as Stripe's own subscription-level period was.
 */
export function mapStripeSubscription(sub: StripeSubscription): SubscriptionSnapshot {
  const items: StripeSubscriptionItem[] = sub.items?.data ?? [];
  const item = [...items].sort((a, b) => a.current_period_end - b.current_period_end)[0] ?? null;
  const price = item?.price ?? null;
  const periodEnd = date(item?.current_period_end);
  // cancel_at on the period end is the newer spelling of cancel_at_period_end.
  const cancelAtEnd =
    sub.cancel_at_period_end || (sub.cancel_at != null && item != null && sub.cancel_at <= item.current_period_end && sub.ended_at == null);
  return {
    stripeSubscriptionId: sub.id,
    stripeCustomerId: idOf(sub.customer as string | { id: string })!,
    status: mapSubscriptionStatus(sub.status),
    stripeItemId: item?.id ?? null,
    stripePriceId: price?.id ?? null,
    priceLookupKey: price?.lookup_key ?? null,
    amountMinor: price?.unit_amount != null ? price.unit_amount * (item?.quantity ?? 1) : null,
    currency: price?.currency ? price.currency.toUpperCase() : null,
    currentPeriodStart: date(item?.current_period_start),
    currentPeriodEnd: periodEnd,
    cancelAtPeriodEnd: !!cancelAtEnd,
    canceledAt: date(sub.canceled_at),
    endedAt: date(sub.ended_at),
    stripeCreatedAt: date(sub.created),
    metadata: { ...(sub.metadata ?? {}) },
    trialEnd: date(sub.trial_end),
    offer: offerOfSubscription(sub),
  };
}
