import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OfferViewResponseDto } from '../catalog/catalog.dto';
import type { Plan } from '../catalog/plan.entity';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { Transactions } from '../database/transactions';
import { offerRefusal, type OfferRefusal } from './domain/offer-eligibility';
import { firstPeriodMinor, type OfferPrice, type OfferRedemption } from './domain/offer-terms';
import type { Offer } from './offer.entity';
import { OffersRepository } from './offers.repository';
import { appliesTo, offerView, planPrice, used } from './offer-views';
import { StripeOffersService } from './stripe-offers.service';

/** Whether a user ever had a subscription (for `firstTimeOnly`); the subscriptions module provides it. */
export type SubscriberHistory = (userId: string) => Promise<boolean>;

/** An offer redeemed by a subscription, told in the transaction that recorded it. */
export interface OfferRedeemed {
  offer: Offer;
  userId: string;
  stripeSubscriptionId: string;
  redeemedAt: Date;
}

export type OfferRedeemedListener = (em: EntityManager, redeemed: OfferRedeemed) => Promise<void>;

/** How a reader names an offer: an automatic offer by its code, or a customer-facing promotion code. */
export interface OfferChoice {
  offerCode?: string;
  promotionCode?: string;
}

/** An offer a reader may redeem on a plan now, with what Stripe needs to apply it. */
export interface EligibleOffer {
  offer: Offer;
  plan: Plan;
  trialDays: number | null;
}

const MESSAGES: Record<OfferRefusal, string> = {
  OFFER_NOT_FOUND: 'No such offer is on sale',
  OFFER_EXPIRED: 'This offer has ended',
  OFFER_EXHAUSTED: 'This offer has been fully redeemed',
  OFFER_NOT_FOR_PLAN: 'This offer does not apply to that plan',
  OFFER_FIRST_TIME_ONLY: 'This offer is for new subscribers only',
};

const refuse = (code: OfferRefusal, what: string) => new DomainError(code, `${MESSAGES[code]} (${what})`);

/**
 * Who may redeem an offer, and the redemptions themselves. A Checkout reserves a redemption under the offer's row
 * lock until its Session expires, so concurrent checkouts can never take more than `maxRedemptions`; the
 * subscription's webhook turns the reservation into the redemption (once per subscription), an expired Session gives
 * it back.
 */
@Injectable()
export class OfferRedemptionsService {
  private history: SubscriberHistory | null = null;
  private readonly redeemedListeners: OfferRedeemedListener[] = [];

  constructor(
    private readonly tx: Transactions,
    private readonly repo: OffersRepository,
    private readonly stripeOffers: StripeOffersService,
    private readonly clock: Clock,
  ) {}

  provideHistory(history: SubscriberHistory): void {
    this.history = history;
  }

  /** A module above offers acts on each new redemption inside its transaction (events writes offer.redeemed). */
  onRedeemed(listener: OfferRedeemedListener): void {
    this.redeemedListeners.push(listener);
  }

  /** `GET /v1/offers/{promotionCode}`: the offer on the plan for this reader, or the reason it is refused. */
  async lookup(promotionCode: string, planCode: string, userId: string | undefined): Promise<OfferViewResponseDto> {
    const { offer, plan } = await this.eligible({ promotionCode }, planCode, userId);
    return offerView(offer, planPrice(plan)!);
  }

  /** The offer Checkout was asked to apply, checked for this reader and plan (the 404/409 codes of API.md). */
  async eligible(choice: OfferChoice, planCode: string, userId: string | undefined, path: OfferRedemption = 'signup'): Promise<EligibleOffer> {
    const what = choice.promotionCode ?? choice.offerCode ?? '';
    const offer = choice.promotionCode
      ? await this.repo.byPromotionCode(choice.promotionCode)
      : (await this.repo.find({ code: choice.offerCode })).at(0);
    // An offer with a customer-facing code is redeemed with that code, not by its internal name.
    if (!offer || (choice.offerCode && offer.promotionCode)) throw refuse('OFFER_NOT_FOUND', what);
    await this.assertEligible(offer, planCode, userId, path);
    const plan = offer.plans.find((p) => p.code === planCode)!;
    return { offer, plan, trialDays: offer.trialDays };
  }

  /** The best live retention offer for a subscriber's plan (the lowest first period), or null. */
  async bestRetentionOffer(userId: string, planCode: string): Promise<EligibleOffer | null> {
    const offers = (await this.repo.find({ status: 'active' })).filter((o) => o.redemption === 'retention');
    let best: EligibleOffer | null = null;
    for (const offer of offers) {
      const refusal = await this.refusal(offer, planCode, userId, 'retention');
      if (refusal) continue;
      const plan = offer.plans.find((p) => p.code === planCode)!;
      const price = planPrice(plan)!;
      if (!best || firstPeriodMinor(offer, price) < firstPeriodMinor(best.offer, planPrice(best.plan)!)) best = { offer, plan, trialDays: null };
    }
    return best;
  }

  /** The Stripe coupon that applies the offer on a price: the plan's current one by default (null for a trial). */
  couponFor(e: EligibleOffer, price: OfferPrice = planPrice(e.plan)!): Promise<string | null> {
    return this.stripeOffers.ensureCoupon(e.offer, e.plan, price);
  }

  /** The offer on a price a subscriber already pays (a retention offer lowers their own, grandfathered price). */
  viewOn(e: EligibleOffer, price: OfferPrice): OfferViewResponseDto {
    if (!appliesTo(e.offer, price)) throw refuse('OFFER_NOT_FOR_PLAN', e.offer.code);
    return offerView(e.offer, price);
  }

  /** Holds one redemption until `until`, or 409 OFFER_EXHAUSTED: under the offer's row lock, on any number of instances. */
  reserve(offer: Offer, userId: string, until: Date): Promise<string> {
    return this.tx.run(async (em) => {
      await this.repo.lock(em, offer.id);
      const use = await this.repo.use([offer.id], this.clock.now(), em);
      if (offer.maxRedemptions !== null && used(use.get(offer.id)) >= offer.maxRedemptions) throw refuse('OFFER_EXHAUSTED', offer.code);
      return this.repo.reserve(em, offer.id, userId, until);
    });
  }

  attachSession(reservationId: string, checkoutSessionId: string): Promise<void> {
    return this.repo.attachSession(reservationId, checkoutSessionId);
  }

  release(reservationId: string): Promise<void> {
    return this.repo.release(reservationId);
  }

  /** `checkout.session.expired`: the Session's reservation is given back. */
  releaseSession(em: EntityManager, checkoutSessionId: string): Promise<boolean> {
    return this.repo.releaseSession(checkoutSessionId, em);
  }

  /** The offer named `code`, whatever its status, or null (the metrics history reads a running discount's terms). */
  async byCode(code: string, em: EntityManager): Promise<Offer | null> {
    const [offer] = await this.repo.find({ code }, em);
    return offer ?? null;
  }

  /** The subscription shows the offer (its discount or trial): record its redemption once. */
  async recordRedemption(em: EntityManager, offerCode: string, userId: string, stripeSubscriptionId: string): Promise<boolean> {
    const offer = await this.byCode(offerCode, em);
    if (!offer) return false;
    const redeemedAt = this.clock.now();
    if (!(await this.repo.redeem(em, offer.id, userId, stripeSubscriptionId, redeemedAt))) return false;
    for (const listener of this.redeemedListeners) await listener(em, { offer, userId, stripeSubscriptionId, redeemedAt });
    return true;
  }

  private async assertEligible(offer: Offer, planCode: string, userId: string | undefined, path: OfferRedemption): Promise<void> {
    const refusal = await this.refusal(offer, planCode, userId, path);
    if (refusal) throw refuse(refusal, offer.promotionCode ?? offer.code);
  }

  private async refusal(offer: Offer, planCode: string, userId: string | undefined, path: OfferRedemption): Promise<OfferRefusal | null> {
    const now = this.clock.now();
    const use = await this.repo.use([offer.id], now);
    let usedBefore = false;
    if (userId && offer.firstTimeOnly) {
      // A signup offer is for readers who never subscribed; a retention offer may be taken once per reader.
      usedBefore = path === 'signup' ? await this.hadSubscription(userId) : await this.repo.usedBy(offer.id, userId, now);
    }
    const planCodes = offer.plans.filter((p) => {
      const price = planPrice(p);
      return price && appliesTo(offer, price);
    });
    return offerRefusal({ ...offer, planCodes: planCodes.map((p) => p.code), used: used(use.get(offer.id)) }, { now, planCode, path, usedBefore });
  }

  private hadSubscription(userId: string): Promise<boolean> {
    if (!this.history) throw new Error('No subscriber history: SubscriptionsModule registers it');
    return this.history(userId);
  }
}
