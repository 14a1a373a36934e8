import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, Repository } from 'typeorm';
import type { Plan } from '../catalog/plan.entity';
import { redact, StripeClient } from '../stripe/stripe-client';
import { couponTerms, type OfferPrice } from './domain/offer-terms';
import { Offer } from './offer.entity';

/** Stripe's longest coupon name. */
const COUPON_NAME_MAX = 40;

export interface StripeOfferCreated {
  offerCode: string;
  couponId?: string;
  promotionCodeId?: string;
}

const priceOf = (plan: Plan): OfferPrice | null =>
  plan.currentPrice
    ? { amountMinor: plan.currentPrice.amountMinor, currency: plan.currentPrice.currency, intervalMonths: plan.intervalMonths }
    : null;

/**
 * Mirrors offers in Stripe: a coupon per offer (per plan and amount for an introductory price, whose `amount_off`
 * depends on the price it lowers) and a promotion code for a customer-facing code. Coupon ids are derived from the
 * terms, so "create the missing ones" is a retrieve and, at most, one create with an idempotency key: a second run or
 * a retry creates nothing. The coupon's metadata names the offer, which is how a subscription's discount is read back.
 */
@Injectable()
export class StripeOffersService {
  private readonly logger = new Logger(StripeOffersService.name);

  constructor(
    @InjectRepository(Offer) private readonly offers: Repository<Offer>,
    private readonly stripe: StripeClient,
  ) {}

  get configured(): boolean {
    return this.stripe.configured;
  }

  /** The coupon id for the offer on this price; null for a trial (Checkout's trial_period_days, no coupon). */
  couponId(offer: Offer, plan: Plan, price: OfferPrice): string | null {
    const terms = couponTerms(offer, price);
    if (!terms) return null;
    return terms.amountOff !== null ? `tg_${offer.code}_${plan.code}_${terms.amountOff}` : `tg_${offer.code}`;
  }

  /** Makes sure Stripe has the offer's coupon for this plan price; returns its id (null for a trial). */
  async ensureCoupon(offer: Offer, plan: Plan, price: OfferPrice, created?: StripeOfferCreated[]): Promise<string | null> {
    const id = this.couponId(offer, plan, price);
    const terms = couponTerms(offer, price);
    if (!id || !terms) return null;
    if (await this.stripe.retrieveCoupon(id)) return id;
    const products = terms.amountOff !== null && plan.stripeProductId ? [plan.stripeProductId] : [];
    await this.stripe.createCoupon(
      {
        id,
        name: offer.name.slice(0, COUPON_NAME_MAX),
        ...(terms.amountOff !== null ? { amount_off: terms.amountOff, currency: terms.currency!.toLowerCase() } : { percent_off: terms.percentOff! }),
        duration: terms.duration,
        ...(terms.durationInMonths !== null ? { duration_in_months: terms.durationInMonths } : {}),
        ...(products.length ? { applies_to: { products } } : {}),
        metadata: { offer_code: offer.code, offer_kind: offer.kind },
      },
      `coupon:${id}`,
    );
    created?.push({ offerCode: offer.code, couponId: id });
    return id;
  }

  /**
   * The Stripe promotion code for an offer with a customer-facing code, on the offer's one coupon. A trial has no
   * coupon, and an introductory price over several plans has one coupon per plan while Stripe ties a code to one
   * coupon: those codes live in Tollgate alone (Tollgate validates them and names the coupon at Checkout either way).
   */
  async ensurePromotionCode(offer: Offer, created?: StripeOfferCreated[]): Promise<void> {
    if (!offer.promotionCode || offer.stripePromotionCodeId || offer.status === 'archived') return;
    if (offer.kind === 'trial' || (offer.kind === 'intro_price' && offer.plans.length !== 1)) return;
    const plan = offer.plans.find((p) => p.currentPrice);
    const price = plan && priceOf(plan);
    if (!plan || !price) return;
    const coupon = await this.ensureCoupon(offer, plan, price, created);
    if (!coupon) return;
    const existing = await this.stripe.findPromotionCode(offer.promotionCode);
    const promo =
      existing ??
      (await this.stripe.createPromotionCode(
        { promotion: { type: 'coupon', coupon }, code: offer.promotionCode, metadata: { offer_code: offer.code } },
        `promotion-code:${offer.id}`,
      ));
    if (!existing) created?.push({ offerCode: offer.code, promotionCodeId: promo.id });
    await this.offers.update({ id: offer.id }, { stripePromotionCodeId: promo.id });
    offer.stripePromotionCodeId = promo.id;
  }

  /** Every coupon and promotion code the offers need on their plans' current prices. */
  async mirror(offer: Offer, created?: StripeOfferCreated[]): Promise<void> {
    for (const plan of offer.plans) {
      const price = priceOf(plan);
      if (price && (offer.kind !== 'intro_price' || offer.introPriceMinor! < price.amountMinor)) await this.ensureCoupon(offer, plan, price, created);
    }
    await this.ensurePromotionCode(offer, created);
  }

  /** After an offer is written: mirror it now if Stripe is there; a failure waits for `stripe:sync-catalog` or Checkout. */
  async mirrorQuietly(offer: Offer): Promise<void> {
    if (!this.stripe.configured || offer.status === 'archived') return;
    try {
      await this.mirror(offer);
    } catch (e) {
      this.logger.warn(`Offer ${offer.code} not mirrored in Stripe yet: ${redact((e as Error).message)}`);
    }
  }

  /** `stripe:sync-catalog`: creates what every offer not archived lacks in Stripe. */
  async syncAll(): Promise<StripeOfferCreated[]> {
    const created: StripeOfferCreated[] = [];
    const offers = await this.offers.find({
      where: { status: Not('archived') },
      relations: { plans: { currentPrice: true } },
      order: { code: 'ASC' },
    });
    for (const offer of offers) await this.mirror(offer, created);
    return created;
  }

  /** An archived offer's code is freed: its Stripe promotion code stops working too. */
  async deactivate(offer: Offer): Promise<void> {
    if (!offer.stripePromotionCodeId || !this.stripe.configured) return;
    try {
      await this.stripe.deactivatePromotionCode(offer.stripePromotionCodeId);
    } catch (e) {
      this.logger.warn(`Promotion code of offer ${offer.code} not deactivated in Stripe: ${redact((e as Error).message)}`);
    }
  }
}
