import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CatalogRepository } from '../catalog/catalog.repository';
import { CustomersRepository } from './customers.repository';
import { OfferRedemptionsService } from '../offers/offer-redemptions.service';
import { SubscriptionEvents } from './subscription.events';
import { Subscription } from './subscription.entity';
import { StripeClient, type StripeSubscription } from '../stripe/stripe-client';
import { lockStripeObject } from '../stripe/stripe-object-lock';
import { mapStripeSubscription, SubscriptionSnapshot } from '../stripe/stripe-subscription.mapper';

export interface LinkHints {
  /** The Checkout Session's client_reference_id, when the subscription came through Checkout. */
  clientReferenceId?: string | null;
}

interface PlanLink {
  planId: string | null;
  planPriceId: string | null;
}

/** Upserts local subscription rows from Stripe's state, linking them to a user and a plan as API.md orders. */
@Injectable()
export class SubscriptionSyncService {
  constructor(
    private readonly stripe: StripeClient,
    private readonly catalog: CatalogRepository,
    private readonly customers: CustomersRepository,
    private readonly events: SubscriptionEvents,
    private readonly offers: OfferRedemptionsService,
  ) {}

  /** Locks the subscription, re-reads it from Stripe and upserts it: the one way a webhook changes a subscription. */
  async syncFromStripe(em: EntityManager, stripeSubscriptionId: string, hints: LinkHints = {}): Promise<Subscription> {
    await lockStripeObject(em, stripeSubscriptionId);
    const remote = await this.stripe.retrieveSubscription(stripeSubscriptionId);
    return this.upsertLocked(em, remote, hints);
  }

  /** Upserts from an object Stripe just returned. The caller holds lockStripeObject on its id. */
  async upsertLocked(em: EntityManager, remote: StripeSubscription, hints: LinkHints = {}): Promise<Subscription> {
    const snap = mapStripeSubscription(remote);
    const existing = await em.findOne(Subscription, { where: { stripeSubscriptionId: snap.stripeSubscriptionId } });
    const userId = await this.resolveUser(em, snap, hints, existing);
    // Same Stripe price as stored: the plan link cannot have changed (a stored price id maps to one version).
    const plan =
      existing?.planId && existing.stripePriceId === snap.stripePriceId
        ? { planId: existing.planId, planPriceId: existing.planPriceId }
        : await this.resolvePlan(em, snap);
    const fields = {
      userId,
      stripeCustomerId: snap.stripeCustomerId,
      planId: plan.planId,
      planPriceId: plan.planPriceId,
      stripePriceId: snap.stripePriceId,
      status: snap.status,
      amountMinor: snap.amountMinor,
      currency: snap.currency,
      currentPeriodStart: snap.currentPeriodStart,
      currentPeriodEnd: snap.currentPeriodEnd,
      cancelAtPeriodEnd: snap.cancelAtPeriodEnd,
      canceledAt: snap.canceledAt,
      endedAt: snap.endedAt,
      stripeCreatedAt: snap.stripeCreatedAt,
      metadata: snap.metadata,
      trialEnd: snap.trialEnd,
      // Discounts not expanded in this object (a list read): keep what the last full read showed.
      ...(snap.offer === undefined
        ? {}
        : { offerCode: snap.offer?.code ?? null, offerKind: snap.offer?.kind ?? null, offerEndsAt: snap.offer?.endsAt ?? null }),
    };
    const previous = existing ? { ...existing } : null;
    let saved: Subscription;
    if (existing) {
      // A plain UPDATE under the lock (save() would SELECT the row again first).
      await em.update(Subscription, { id: existing.id }, fields);
      saved = Object.assign(existing, fields);
    } else {
      saved = await em.save(em.create(Subscription, { stripeSubscriptionId: snap.stripeSubscriptionId, ...fields }));
    }
    if (userId && existing?.userId !== userId) await this.customers.link(em, userId, snap.stripeCustomerId);
    // Stripe shows the offer's trial or discount: that is the redemption (recorded once per subscription).
    if (userId && snap.offer) await this.offers.recordRedemption(em, snap.offer.code, userId, snap.stripeSubscriptionId);
    await this.events.stored({
      em,
      stripeSubscriptionId: snap.stripeSubscriptionId,
      userId,
      previousUserId: previous?.userId ?? null,
      previous,
      current: saved,
    });
    return saved;
  }

  /** metadata.user_id, else the user already linked to the Stripe customer, else the Checkout client_reference_id. */
  private async resolveUser(em: EntityManager, snap: SubscriptionSnapshot, hints: LinkHints, existing: Subscription | null): Promise<string | null> {
    const fromMetadata = snap.metadata.user_id?.trim();
    if (fromMetadata) return fromMetadata;
    const customerUser = await this.customers.userOf(snap.stripeCustomerId, em);
    if (customerUser) return customerUser;
    return hints.clientReferenceId?.trim() || existing?.userId || null;
  }

  /** The stored Stripe price id, else the price's lookup_key as plan code, else metadata.plan_code. */
  private async resolvePlan(em: EntityManager, snap: SubscriptionSnapshot): Promise<PlanLink> {
    if (snap.stripePriceId) {
      const price = await this.catalog.priceByStripeId(snap.stripePriceId, em);
      if (price) return { planId: price.planId, planPriceId: price.id };
    }
    for (const code of [snap.priceLookupKey, snap.metadata.plan_code]) {
      if (!code) continue;
      const plan = await this.catalog.findPlanByCode(code, em);
      if (!plan) continue;
      // The plan's price version with this amount, if there is one (newest first).
      const version =
        snap.amountMinor != null && snap.currency ? await this.catalog.priceVersionWith(plan.id, snap.amountMinor, snap.currency, em) : null;
      return { planId: plan.id, planPriceId: version?.id ?? null };
    }
    return { planId: null, planPriceId: null };
  }
}
