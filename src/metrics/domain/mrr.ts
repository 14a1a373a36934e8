import type { SubscriptionStatus } from '../../stripe/subscription-statuses';
import { COUNTS_AS_SUBSCRIBER } from '../../subscriptions/domain/subscription-status';

/**
 * The money maths of the metrics, with no I/O: what one subscription pays per month (its MRR share) and the sums and
 * ratios the summary shows. Integer minor units throughout.
 */

/** MRR is stated in one currency: every price of the catalog is in rupees today; other currencies are left out. */
export const MRR_CURRENCY = 'INR';

/** A discount in force on a subscription, as its offer defines it. */
type RunningDiscount =
  /** Stripe charges `percent`% less each period. */
  | { kind: 'percent_off'; percent: number; endsAt: Date | null }
  /** Stripe charges `amountMinor` a period instead of the price. */
  | { kind: 'intro_price'; amountMinor: number; endsAt: Date | null };

/** What a subscription's history row says about its billing. */
export interface BillingState {
  status: SubscriptionStatus;
  /** Its own price per billing period (a grandfathered price stays its own), or null when unknown. */
  amountMinor: number | null;
  currency: string | null;
  /** Months per billing period (the plan's interval); null when its plan is unknown. */
  intervalMonths: number | null;
  discount: RunningDiscount | null;
}

export function countsAsSubscriber(status: SubscriptionStatus): boolean {
  return COUNTS_AS_SUBSCRIBER.includes(status);
}

/** Active or in dunning: billed each period (a trial is not yet). */
export function isPaying(status: SubscriptionStatus): boolean {
  return countsAsSubscriber(status) && status !== 'trialing';
}

/** The price a period costs at `at`, after a discount still running then. */
function periodPriceMinor(s: BillingState, amountMinor: number, at: Date): { numerator: number; denominator: number } {
  const d = s.discount;
  if (!d || (d.endsAt !== null && at >= d.endsAt)) return { numerator: amountMinor, denominator: 1 };
  if (d.kind === 'intro_price') return { numerator: Math.min(d.amountMinor, amountMinor), denominator: 1 };
  const percent = Math.min(Math.max(d.percent, 0), 100);
  return { numerator: amountMinor * (100 - percent), denominator: 100 };
}

/**
 * One subscription's share of MRR at `at`, in minor units: its period price less a running discount, divided by the
 * months of its period, floored once (a quarterly ₹900 with 10% off gives 81000 × 90 / 300 = 27000 paise). Nothing for
 * a trial, a subscription that does not count as a subscriber, an unknown price or interval, or another currency.
 */
export function monthlyRevenueMinor(s: BillingState, at: Date): number {
  if (!isPaying(s.status) || s.amountMinor === null || !s.intervalMonths || s.intervalMonths < 1) return 0;
  if (s.currency !== MRR_CURRENCY) return 0;
  const { numerator, denominator } = periodPriceMinor(s, s.amountMinor, at);
  // Integer division in BigInt: the floor is exact whatever the amount.
  return Number(BigInt(numerator) / BigInt(denominator * s.intervalMonths));
}

/** MRR at `at`: the sum of every subscription's share (each floored on its own). */
export function mrrMinor(states: readonly BillingState[], at: Date): number {
  let sum = 0;
  for (const s of states) sum += monthlyRevenueMinor(s, at);
  return sum;
}

/** Average revenue per paying subscriber: MRR ÷ paying subscribers, floored; 0 when none pays. */
export function arpuMinor(mrr: number, paying: number): number {
  return paying > 0 ? Math.floor(mrr / paying) : 0;
}

/** part ÷ whole × 100, rounded half up to two decimals (1 of 3 → 33.33, 2 of 3 → 66.67); 0 when whole is 0. */
export function percentOf(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.round((part * 10_000) / whole) / 100;
}
