import type { OfferRedemption } from './offer-terms';

/** Why a reader may not redeem an offer: the 404/409 codes of API.md. */
export type OfferRefusal = 'OFFER_NOT_FOUND' | 'OFFER_EXPIRED' | 'OFFER_EXHAUSTED' | 'OFFER_NOT_FOR_PLAN' | 'OFFER_FIRST_TIME_ONLY';

/** What eligibility needs to know about an offer. */
export interface OfferWindow {
  status: 'draft' | 'active' | 'archived';
  startsAt: Date | null;
  endsAt: Date | null;
}

export interface OfferFacts extends OfferWindow {
  redemption: OfferRedemption;
  planCodes: readonly string[];
  firstTimeOnly: boolean;
  maxRedemptions: number | null;
  /** Redemptions made plus reservations held by open Checkout Sessions. */
  used: number;
}

export interface RedeemerFacts {
  now: Date;
  planCode: string;
  /** The path the reader is on: a signup (Checkout, a code on the paywall) or a retention offer. */
  path: OfferRedemption;
  /** Signup: the user ever had a subscription. Retention: the user already redeemed this offer. */
  usedBefore: boolean;
}

/** On sale now: active, started, not ended (endsAt is exclusive). */
export function isLive(o: OfferWindow, now: Date): boolean {
  const t = now.getTime();
  return o.status === 'active' && (!o.startsAt || o.startsAt.getTime() <= t) && (!o.endsAt || t < o.endsAt.getTime());
}

/**
 * The first reason a reader may not redeem the offer, or null. An offer not yet started, a draft, or one for the other
 * path is "not found" (an upcoming campaign's code is not revealed); an ended or archived one has expired.
 */
export function offerRefusal(o: OfferFacts, r: RedeemerFacts): OfferRefusal | null {
  const t = r.now.getTime();
  if (o.status === 'draft' || o.redemption !== r.path || (o.startsAt && t < o.startsAt.getTime())) return 'OFFER_NOT_FOUND';
  if (o.status === 'archived' || (o.endsAt && t >= o.endsAt.getTime())) return 'OFFER_EXPIRED';
  if (!o.planCodes.includes(r.planCode)) return 'OFFER_NOT_FOR_PLAN';
  if (o.maxRedemptions !== null && o.used >= o.maxRedemptions) return 'OFFER_EXHAUSTED';
  if (o.firstTimeOnly && r.usedBefore) return 'OFFER_FIRST_TIME_ONLY';
  return null;
}

/** The next instant at which one of these offers starts or ends after `now`: when a rendering of them goes stale. */
export function nextChange(offers: readonly OfferWindow[], now: Date): Date | null {
  let next: number | null = null;
  for (const o of offers) {
    if (o.status !== 'active') continue;
    for (const d of [o.startsAt, o.endsAt]) {
      const t = d?.getTime();
      if (t !== undefined && t > now.getTime() && (next === null || t < next)) next = t;
    }
  }
  return next === null ? null : new Date(next);
}
