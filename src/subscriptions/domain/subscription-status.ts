import type { SubscriptionStatus } from '../subscription.entity';

/**
 * Statuses in which a subscription is still in force on Stripe's side (it will bill again or may recover):
 * a user in one of them cannot start a second Checkout. `incomplete` is not live: its first payment never went
 * through, and the reader may try Checkout again.
 */
export const LIVE_STATUSES: readonly SubscriptionStatus[] = ['active', 'trialing', 'past_due', 'unpaid', 'paused'];

export function isLive(status: SubscriptionStatus): boolean {
  return LIVE_STATUSES.includes(status);
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
