import { money, type Money } from '../../common/money';

/** Stripe's longest recurring interval is three years. */
export const MIN_INTERVAL_MONTHS = 1;
export const MAX_INTERVAL_MONTHS = 36;

/** What pricing needs to know about a plan: its billing interval and its current price. */
export interface PriceablePlan {
  intervalMonths: number;
  amountMinor: number;
  currency: string;
}

/** The display side of a plan's price, exactly as the API shows it. */
export interface PlanPricing {
  periodLabel: string;
  price: Money;
  effectiveMonthly: Money;
  savingsPercent: number;
}

function assertInterval(intervalMonths: number): void {
  if (!Number.isInteger(intervalMonths) || intervalMonths < MIN_INTERVAL_MONTHS || intervalMonths > MAX_INTERVAL_MONTHS) {
    throw new RangeError(`intervalMonths must be an integer from 1 to 36, got ${intervalMonths}`);
  }
}

function assertAmount(amountMinor: number): void {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new RangeError(`amountMinor must be a non-negative integer number of minor units, got ${amountMinor}`);
  }
}

/** Price per month in exact minor units, rounded DOWN (₹3,900 / 24 → 16250 paise): never more than really paid. */
export function effectiveMonthlyMinor(amountMinor: number, intervalMonths: number): number {
  assertAmount(amountMinor);
  assertInterval(intervalMonths);
  return Number(BigInt(amountMinor) / BigInt(intervalMonths));
}

/** "1 Month", "3 Months", "1 Year", "2 Years", "18 Months": whole years read as years. */
export function periodLabel(intervalMonths: number): string {
  assertInterval(intervalMonths);
  if (intervalMonths % 12 === 0) {
    const years = intervalMonths / 12;
    return years === 1 ? '1 Year' : `${years} Years`;
  }
  return intervalMonths === 1 ? '1 Month' : `${intervalMonths} Months`;
}

/**
 * floor(100 × (1 − monthly / highestMonthly)), in integers: floor(100 × (highest − monthly) / highest).
 * BigInt keeps it exact (no float can round 24.999… up to 25). A plan dearer than the reference (a draft being
 * previewed) or a free reference saves 0.
 */
export function savingsPercent(effectiveMonthly: number, highestEffectiveMonthly: number): number {
  assertAmount(effectiveMonthly);
  assertAmount(highestEffectiveMonthly);
  if (highestEffectiveMonthly === 0 || effectiveMonthly >= highestEffectiveMonthly) return 0;
  const highest = BigInt(highestEffectiveMonthly);
  return Number((100n * (highest - BigInt(effectiveMonthly))) / highest);
}

/** The dearest effective monthly price per currency: the reference savings are measured against. */
export function highestEffectiveMonthly(plans: readonly PriceablePlan[]): Map<string, number> {
  const highest = new Map<string, number>();
  for (const p of plans) {
    const monthly = effectiveMonthlyMinor(p.amountMinor, p.intervalMonths);
    if (monthly > (highest.get(p.currency) ?? -1)) highest.set(p.currency, monthly);
  }
  return highest;
}

/** Prices one plan against the dearest monthly price of its currency (from `highestEffectiveMonthly`). */
export function pricePlan(plan: PriceablePlan, highest: ReadonlyMap<string, number>): PlanPricing {
  const monthly = effectiveMonthlyMinor(plan.amountMinor, plan.intervalMonths);
  return {
    periodLabel: periodLabel(plan.intervalMonths),
    price: money(plan.amountMinor, plan.currency),
    effectiveMonthly: money(monthly, plan.currency),
    savingsPercent: savingsPercent(monthly, highest.get(plan.currency) ?? monthly),
  };
}

/** Prices a list of plans (the active catalog), savings measured within the list, per currency. */
export function priceCatalog(plans: readonly PriceablePlan[]): PlanPricing[] {
  const highest = highestEffectiveMonthly(plans);
  return plans.map((p) => pricePlan(p, highest));
}
