import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { StripeClient, type StripeSubscription, type StripeSubscriptionUpdate } from '../stripe/stripe-client';
import { StripeCatalogService } from '../catalog/stripe-catalog.service';
import { lockStripeObject } from '../stripe/stripe-object-lock';
import { SubscriptionSyncService } from './subscription-sync.service';
import { CatalogRepository } from '../catalog/catalog.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import type { OfferViewResponseDto } from '../catalog/catalog.dto';
import type { OfferPrice } from '../offers/domain/offer-terms';
import { type EligibleOffer, OfferRedemptionsService } from '../offers/offer-redemptions.service';
import { Transactions } from '../database/transactions';
import { isLive } from './domain/subscription-status';
import { Subscription } from './subscription.entity';
import { notFound, SubscriptionsService, SubscriptionView } from './subscriptions.service';

/** How long accepting a retention offer holds its redemption: the Stripe update's time, with a wide margin. */
const ACCEPT_RESERVATION_MS = 10 * 60 * 1000;

/** Cancel (at period end), resume and change plan: each asks Stripe, then stores what Stripe answers. */
@Injectable()
export class SubscriptionActionsService {
  constructor(
    private readonly tx: Transactions,
    private readonly plans: CatalogRepository,
    private readonly stripe: StripeClient,
    private readonly sync: SubscriptionSyncService,
    private readonly catalog: StripeCatalogService,
    private readonly subscriptions: SubscriptionsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly offers: OfferRedemptionsService,
  ) {}

  /** "Cancel anytime": ends at the period end, access lasts until then. Asking twice is harmless. */
  async cancel(actor: Actor, userId: string): Promise<SubscriptionView> {
    const row = await this.requireSubscription(userId);
    if (!isLive(row.status)) throw new DomainError('SUBSCRIPTION_NOT_CANCELABLE', `The subscription is ${row.status}; there is nothing to cancel`);
    if (row.cancelAtPeriodEnd) return this.subscriptions.toView(row);
    return this.update(actor, row, 'subscription.cancel', () => ({ cancel_at_period_end: true }));
  }

  /** Undoes a pending cancellation, only while the period still runs. */
  async resume(actor: Actor, userId: string): Promise<SubscriptionView> {
    const row = await this.requireSubscription(userId);
    const ended = !row.currentPeriodEnd || row.currentPeriodEnd.getTime() <= this.clock.now().getTime();
    if (!row.cancelAtPeriodEnd || !isLive(row.status) || ended) {
      throw new DomainError('SUBSCRIPTION_NOT_RESUMABLE', 'Only a live subscription set to cancel at its period end can be resumed, before that end');
    }
    return this.update(actor, row, 'subscription.resume', () => ({ cancel_at_period_end: false }));
  }

  /** Swaps the subscription's price for the new plan's current one; Stripe prorates the rest of the period. */
  async changePlan(actor: Actor, userId: string, planCode: string): Promise<SubscriptionView> {
    const row = await this.requireSubscription(userId);
    const plan = await this.plans.findPlanByCode(planCode);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planCode}`);
    if (plan.status !== 'active' || !plan.currentPrice) throw new DomainError('PLAN_NOT_ACTIVE', `Plan ${planCode} is not on sale`);
    if (!isLive(row.status)) throw new DomainError('SUBSCRIPTION_NOT_CHANGEABLE', `The subscription is ${row.status}; start a new one instead`);
    if (row.planId === plan.id) throw new DomainError('PLAN_UNCHANGED', `The subscription is already on ${planCode}`);
    if (row.currency && row.currency !== plan.currentPrice.currency) {
      throw new DomainError('CURRENCY_MISMATCH', `Plan ${planCode} is priced in ${plan.currentPrice.currency}, the subscription in ${row.currency}`);
    }
    const stripePriceId = await this.catalog.ensureCurrentPrice(plan);
    return this.update(actor, row, 'subscription.change_plan', (current) => ({
      items: [{ id: current.items.data[0].id, price: stripePriceId }],
      proration_behavior: 'create_prorations',
      metadata: { plan_code: plan.code },
    }));
  }

  /** The best live retention offer for the subscriber's plan, on the price they pay; 404 OFFER_NOT_FOUND when none. */
  async retentionOffer(userId: string): Promise<OfferViewResponseDto> {
    const { offer, price } = await this.retentionTerms(userId);
    return this.offers.viewOn(offer, price);
  }

  /**
   * Applies a retention offer: the offer's coupon replaces the subscription's discounts at Stripe and a pending
   * cancellation is undone, in one update. The redemption is held first (maxRedemptions), and recorded when the
   * subscription Stripe answers with shows the discount.
   */
  async acceptOffer(actor: Actor, userId: string, offerCode: string): Promise<SubscriptionView> {
    const row = await this.requireSubscription(userId);
    const { offer, price } = await this.retentionTerms(userId, offerCode);
    this.offers.viewOn(offer, price);
    const coupon = await this.offers.couponFor(offer, price);
    const reservation = await this.offers.reserve(offer.offer, userId, new Date(this.clock.now().getTime() + ACCEPT_RESERVATION_MS));
    try {
      return await this.update(actor, row, 'subscription.accept_offer', () => ({ discounts: [{ coupon: coupon! }], cancel_at_period_end: false }));
    } catch (e) {
      await this.offers.release(reservation);
      throw e;
    }
  }

  /** The live subscription's retention offer (the best one, or the one named) and the price it lowers. */
  private async retentionTerms(userId: string, offerCode?: string): Promise<{ offer: EligibleOffer; price: OfferPrice }> {
    const row = await this.subscriptions.findRelevant(userId);
    if (!row || !isLive(row.status) || !row.planId) throw notFound(userId);
    const plan = await this.plans.planById(row.planId);
    const offer = offerCode
      ? await this.offers.eligible({ offerCode }, plan.code, userId, 'retention')
      : await this.offers.bestRetentionOffer(userId, plan.code);
    if (!offer) throw new DomainError('OFFER_NOT_FOUND', `No retention offer for ${plan.code} is on sale`);
    const price = { amountMinor: row.amountMinor ?? 0, currency: row.currency ?? 'INR', intervalMonths: plan.intervalMonths };
    return { offer, price };
  }

  private async requireSubscription(userId: string): Promise<Subscription> {
    if (!this.stripe.configured) throw new DomainError('STRIPE_NOT_CONFIGURED', 'Stripe is not configured (set STRIPE_SECRET_KEY)');
    const row = await this.subscriptions.findRelevant(userId);
    if (!row) throw notFound(userId);
    return row;
  }

  /**
   * Under the subscription's lock: read it from Stripe, update it there, store Stripe's answer, audit. Holding the
   * lock across the call means a webhook handled meanwhile re-reads after us and cannot store an older state.
   */
  private async update(
    actor: Actor,
    row: Subscription,
    action: string,
    params: (current: StripeSubscription) => StripeSubscriptionUpdate,
  ): Promise<SubscriptionView> {
    return this.tx.run(async (em) => {
      await lockStripeObject(em, row.stripeSubscriptionId);
      // Read under the lock: a change committed while we waited for it belongs in the entry's "before".
      const before = await this.subscriptions.toView(await em.findOneByOrFail(Subscription, { id: row.id }), em);
      const current = await this.stripe.retrieveSubscription(row.stripeSubscriptionId);
      const updated = await this.stripe.updateSubscription(row.stripeSubscriptionId, params(current));
      const saved = await this.sync.upsertLocked(em, updated);
      const after = await this.subscriptions.toView(saved, em);
      await this.audit.record(em, actor, action, 'subscription', saved.id, before, after);
      return after;
    });
  }
}
