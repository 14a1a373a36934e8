import { formatMinorExact } from '../../common/money';

/**
 * Offer maths: what a reader pays first, the Stripe coupon that makes Stripe charge exactly that, and the sentence
 * that discloses the full price. Pure, integer minor units; the disclosure is always computed, never typed by staff.
 */

export const OFFER_KINDS = ['trial', 'intro_price', 'percent_off'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

export const OFFER_REDEMPTIONS = ['signup', 'retention'] as const;
export type OfferRedemption = (typeof OFFER_REDEMPTIONS)[number];

export const MAX_TRIAL_DAYS = 90;
export const MAX_INTRO_PERIODS = 12;

/** The terms of an offer: which fields are set depends on `kind` (checked by `offerTermsProblem`). */
export interface OfferTerms {
  kind: OfferKind;
  trialDays: number | null;
  introPriceMinor: number | null;
  /** Billing periods the introductory price or the percentage applies to; null with `percent_off` means forever. */
  introPeriods: number | null;
  percentOff: number | null;
}

/** The plan price an offer is applied to. */
export interface OfferPrice {
  amountMinor: number;
  currency: string;
  intervalMonths: number;
}

/** A Stripe coupon's terms (`duration_in_months` = periods × intervalMonths), or none for a plain trial. */
export interface CouponTerms {
  amountOff: number | null;
  percentOff: number | null;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  durationInMonths: number | null;
}

const RENEWAL_NOTICE = 'Renews automatically; cancel anytime.';

/** "month", "3 months", "year", "2 years": a span of whole months as a reader says it. */
function spanOfMonths(months: number): string {
  if (months % 12 === 0) return months === 12 ? 'year' : `${months / 12} years`;
  return months === 1 ? 'month' : `${months} months`;
}

/** "every month", "every 3 months", "every year", "every 2 years". */
export function everyInterval(intervalMonths: number): string {
  return `every ${spanOfMonths(intervalMonths)}`;
}

/** Stripe rounds a percentage discount to the nearest minor unit; half a paisa rounds up (the reader's favour). */
export function percentDiscountMinor(amountMinor: number, percentOff: number): number {
  return Number((BigInt(amountMinor) * BigInt(percentOff) * 2n + 100n) / 200n);
}

/** What the first billing period costs with the offer (a trial's first period is free). */
export function firstPeriodMinor(terms: OfferTerms, price: OfferPrice): number {
  switch (terms.kind) {
    case 'trial':
      return 0;
    case 'intro_price':
      return terms.introPriceMinor!;
    case 'percent_off':
      return price.amountMinor - percentDiscountMinor(price.amountMinor, terms.percentOff!);
  }
}

/** The coupon Stripe needs so that it charges what `firstPeriodMinor` says, for exactly the offer's periods. */
export function couponTerms(terms: OfferTerms, price: OfferPrice): CouponTerms | null {
  if (terms.kind === 'trial') return null;
  const months = terms.introPeriods === null ? null : terms.introPeriods * price.intervalMonths;
  const duration = months === null ? 'forever' : 'repeating';
  if (terms.kind === 'intro_price') {
    return { amountOff: price.amountMinor - terms.introPriceMinor!, percentOff: null, currency: price.currency, duration, durationInMonths: months };
  }
  return { amountOff: null, percentOff: terms.percentOff, currency: null, duration, durationInMonths: months };
}

/**
 * The full-price statement shown wherever the offer is: what is paid first, for how long, then the full price and its
 * period, and that it renews. E.g. `₹1 for the first 3 months, then ₹900 every 3 months. Renews automatically; cancel
 * anytime.`
 */
export function offerDisclosure(terms: OfferTerms, price: OfferPrice): string {
  const full = `${formatMinorExact(price.amountMinor, price.currency)} ${everyInterval(price.intervalMonths)}`;
  const first = formatMinorExact(firstPeriodMinor(terms, price), price.currency);
  const every = everyInterval(price.intervalMonths);
  const periods = terms.introPeriods;
  const span = periods === null ? '' : spanOfMonths(periods * price.intervalMonths);
  let offer: string;
  switch (terms.kind) {
    case 'trial':
      offer = `Free for ${terms.trialDays} ${terms.trialDays === 1 ? 'day' : 'days'}, then ${full}.`;
      break;
    case 'intro_price':
      offer = periods === 1 ? `${first} for the first ${span}, then ${full}.` : `${first} ${every} for the first ${span}, then ${full}.`;
      break;
    case 'percent_off':
      if (periods === null) offer = `${terms.percentOff}% off ${full} for as long as you stay subscribed: you pay ${first} ${every}.`;
      else if (periods === 1) offer = `${terms.percentOff}% off for the first ${span}: ${first}, then ${full}.`;
      else offer = `${terms.percentOff}% off for the first ${span}: ${first} ${every}, then ${full}.`;
      break;
  }
  return `${offer} ${RENEWAL_NOTICE}`;
}

/** A refusal of an offer's terms: the stable code, the field it is about, and why. */
export interface TermsProblem {
  code: 'OFFER_TERMS_INVALID' | 'INTRO_PRICE_NOT_BELOW_PRICE' | 'OFFER_DATES_INVALID' | 'CURRENCY_MISMATCH';
  field: string;
  message: string;
}

/** Everything `offerTermsProblem` checks: the terms, the redemption path, the dates and the plans' current prices. */
export interface OfferDraft extends OfferTerms {
  redemption: OfferRedemption;
  startsAt: Date | null;
  endsAt: Date | null;
  prices: readonly (OfferPrice & { planCode: string })[];
}

const FIELDS_OF: Record<OfferKind, readonly (keyof OfferTerms)[]> = {
  trial: ['trialDays'],
  intro_price: ['introPriceMinor', 'introPeriods'],
  percent_off: ['percentOff', 'introPeriods'],
};
const TERM_FIELDS = ['trialDays', 'introPriceMinor', 'introPeriods', 'percentOff'] as const;

const isIntIn = (v: number | null, min: number, max: number) => v !== null && Number.isSafeInteger(v) && v >= min && v <= max;

/** The first thing wrong with an offer's terms, or null: each bad combination has its own code. */
export function offerTermsProblem(d: OfferDraft): TermsProblem | null {
  const invalid = (field: string, message: string): TermsProblem => ({ code: 'OFFER_TERMS_INVALID', field, message });
  for (const field of TERM_FIELDS) {
    if (d[field] !== null && !FIELDS_OF[d.kind].includes(field)) return invalid(field, `${field} does not apply to a ${d.kind} offer`);
  }
  if (d.kind === 'trial' && !isIntIn(d.trialDays, 1, MAX_TRIAL_DAYS))
    return invalid('trialDays', `a trial needs trialDays from 1 to ${MAX_TRIAL_DAYS}`);
  if (d.kind === 'intro_price' && d.introPriceMinor === null) return invalid('introPriceMinor', 'an intro_price offer needs introPriceMinor');
  if (d.kind === 'intro_price' && d.introPeriods === null)
    return invalid('introPeriods', `an intro_price offer needs introPeriods from 1 to ${MAX_INTRO_PERIODS}`);
  if (d.introPeriods !== null && !isIntIn(d.introPeriods, 1, MAX_INTRO_PERIODS))
    return invalid('introPeriods', `introPeriods must be 1 to ${MAX_INTRO_PERIODS}`);
  if (d.kind === 'percent_off' && !isIntIn(d.percentOff, 1, 100)) return invalid('percentOff', 'a percent_off offer needs percentOff from 1 to 100');
  if (d.redemption === 'retention' && d.kind === 'trial')
    return invalid('kind', 'a retention offer discounts a running subscription: intro_price or percent_off');
  if (d.startsAt && d.endsAt && d.endsAt.getTime() <= d.startsAt.getTime()) {
    return { code: 'OFFER_DATES_INVALID', field: 'endsAt', message: 'endsAt must be after startsAt' };
  }
  if (d.kind === 'intro_price') {
    const currencies = new Set(d.prices.map((p) => p.currency));
    if (currencies.size > 1) {
      return {
        code: 'CURRENCY_MISMATCH',
        field: 'planCodes',
        message: `an introductory price needs plans of one currency, got ${[...currencies].join(', ')}`,
      };
    }
    const dearer = d.prices.find((p) => d.introPriceMinor! >= p.amountMinor);
    if (dearer) {
      return {
        code: 'INTRO_PRICE_NOT_BELOW_PRICE',
        field: 'introPriceMinor',
        // Amounts as a reader reads them (staff type rupees in the console), and exact: ₹899.99 is not below ₹899.99.
        message: `the introductory price ${formatMinorExact(d.introPriceMinor!, dearer.currency)} must be below ${dearer.planCode}'s price of ${formatMinorExact(dearer.amountMinor, dearer.currency)}`,
      };
    }
  }
  return null;
}
