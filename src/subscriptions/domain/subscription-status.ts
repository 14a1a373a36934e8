import type { SubscriptionStatus } from '../../stripe/subscription-statuses';

/**
 * Live: still in force on Stripe's side (it will bill again or may recover). A user with a live subscription cannot
 * start a second Checkout, and only a live one can be canceled, resumed or changed. `incomplete` is not live: its
 * first payment never went through, and the reader may try Checkout again.
 */
const BLOCKS_NEW_CHECKOUT: readonly SubscriptionStatus[] = ['active', 'trialing', 'past_due', 'unpaid', 'paused'];

/** Counts as a subscriber of its plan (the admin console's counts): holds access, or is in dunning and may keep it. */
export const COUNTS_AS_SUBSCRIBER: readonly SubscriptionStatus[] = ['active', 'trialing', 'past_due'];

/** Renews: Stripe will still try to charge the next period (unless a cancellation is pending). */
const RENEWS: readonly SubscriptionStatus[] = ['active', 'trialing', 'past_due'];

export function isLive(status: SubscriptionStatus): boolean {
  return BLOCKS_NEW_CHECKOUT.includes(status);
}

export interface RankableSubscription {
  status: SubscriptionStatus;
  currentPeriodEnd: Date | null;
  stripeCreatedAt: Date | null;
  createdAt: Date;
}

const time = (d: Date | null): number => (d ? d.getTime() : -Infinity);

/** The user's most relevant subscription: a live one first, then the most recently created (Stripe's `created`). */
export function pickRelevantSubscription<T extends RankableSubscription>(subs: readonly T[]): T | null {
  const ranked = [...subs].sort(
    (a, b) =>
      Number(isLive(b.status)) - Number(isLive(a.status)) ||
      time(b.stripeCreatedAt ?? b.createdAt) - time(a.stripeCreatedAt ?? a.createdAt) ||
      time(b.currentPeriodEnd) - time(a.currentPeriodEnd),
  );
  return ranked[0] ?? null;
}

export function isRenewing(status: string): boolean {
  return (RENEWS as readonly string[]).includes(status);
}
