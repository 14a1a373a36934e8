import type { OfferViewResponseDto } from '../catalog/catalog.dto';
import type { Plan } from '../catalog/plan.entity';
import { money } from '../common/money';
import { firstPeriodMinor, offerDisclosure, type OfferPrice } from './domain/offer-terms';
import type { Offer } from './offer.entity';
import type { OfferPreviewResponseDto } from './offers.dto';
import type { OfferUse } from './offers.repository';

/** The offer on one plan price, as the paywall shows it. */
export function offerView(offer: Offer, price: OfferPrice): OfferViewResponseDto {
  return {
    code: offer.code,
    name: offer.name,
    kind: offer.kind,
    ...(offer.trialDays !== null ? { trialDays: offer.trialDays } : {}),
    ...(offer.introPriceMinor !== null ? { introPrice: money(offer.introPriceMinor, price.currency) } : {}),
    ...(offer.introPeriods !== null ? { introPeriods: offer.introPeriods } : {}),
    ...(offer.percentOff !== null ? { percentOff: offer.percentOff } : {}),
    ...(offer.endsAt ? { endsAt: offer.endsAt.toISOString() } : {}),
    firstPeriodPrice: money(firstPeriodMinor(offer, price), price.currency),
    disclosure: offerDisclosure(offer, price),
  };
}

export const planPrice = (plan: Plan): OfferPrice | null =>
  plan.currentPrice
    ? { amountMinor: plan.currentPrice.amountMinor, currency: plan.currentPrice.currency, intervalMonths: plan.intervalMonths }
    : null;

/** An introductory price only applies while it is below the plan's price (a later price version may undercut it). */
export const appliesTo = (offer: Offer, price: OfferPrice) => offer.kind !== 'intro_price' || offer.introPriceMinor! < price.amountMinor;

/** Redemptions made plus reservations held. */
export const used = (use: OfferUse | undefined) => (use ? use.redeemed + use.reserved : 0);

/** The offer on each of its plans' current price, as a reader would see it (a plan it no longer undercuts left out). */
export const offerPreviews = (offer: Offer): OfferPreviewResponseDto[] =>
  offer.plans.flatMap((p) => {
    const price = planPrice(p);
    return price && appliesTo(offer, price) ? [{ planCode: p.code, ...offerView(offer, price) }] : [];
  });
