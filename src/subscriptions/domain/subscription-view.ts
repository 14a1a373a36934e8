import { Money, money } from '../../common/money';
import { isRenewing } from './subscription-status';
import { isoOrNull } from '../../common/iso';

/** The fields of a subscription row the API shows (a Subscription entity satisfies it). */
export interface SubscriptionViewSource {
  id: string;
  stripeSubscriptionId: string;
  status: string;
  amountMinor: number | null;
  currency: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: Date | null;
  endedAt: Date | null;
  offerCode: string | null;
  offerKind: string | null;
  offerEndsAt: Date | null;
  trialEnd: Date | null;
}

/** The offer in force on a subscription. */
interface SubscriptionOfferView {
  code: string;
  kind: string;
  endsAt: string | null;
}

/** The API.md subscription shape, shared by GET /v1/users/{id}/subscription and the entitlements response. */
export interface SubscriptionView {
  id: string;
  stripeSubscriptionId: string;
  planCode: string | null;
  status: string;
  price: Money | null;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: string | null;
  endedAt: string | null;
  autoRenews: boolean;
  offer: SubscriptionOfferView | null;
  trialEnd: string | null;
}

/** Maps a subscription row and its plan's code (null when unlinked) to the API shape. */
export function toSubscriptionView(sub: SubscriptionViewSource, planCode: string | null): SubscriptionView {
  return {
    id: sub.id,
    stripeSubscriptionId: sub.stripeSubscriptionId,
    planCode,
    status: sub.status,
    // The price the subscriber signed up at (grandfathered), not the plan's current one.
    price: sub.amountMinor !== null && sub.currency ? money(sub.amountMinor, sub.currency) : null,
    currentPeriodStart: isoOrNull(sub.currentPeriodStart),
    currentPeriodEnd: isoOrNull(sub.currentPeriodEnd),
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    canceledAt: isoOrNull(sub.canceledAt),
    endedAt: isoOrNull(sub.endedAt),
    autoRenews: isRenewing(sub.status) && !sub.cancelAtPeriodEnd,
    offer: sub.offerCode ? { code: sub.offerCode, kind: sub.offerKind ?? 'percent_off', endsAt: isoOrNull(sub.offerEndsAt) } : null,
    trialEnd: isoOrNull(sub.trialEnd),
  };
}
