import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { CatalogRepository } from '../catalog/catalog.repository';
import { PlanSubscribers } from '../catalog/plan-subscribers';
import { DomainError } from '../common/errors';
import { OfferRedemptionsService } from '../offers/offer-redemptions.service';
import { pickRelevantSubscription } from './domain/subscription-status';
import { type SubscriptionView, toSubscriptionView } from './domain/subscription-view';
import { Subscription } from './subscription.entity';
import { SubscriptionsRepository } from './subscriptions.repository';
import type { SubscriptionAdminQueryDto, SubscriptionAdminResponseDto } from './subscriptions.dto';

export type { SubscriptionView };

/** Read side of subscriptions: the user's subscription view (used by other modules), the admin listing, counts per plan. */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectRepository(Subscription) private readonly subscriptions: Repository<Subscription>,
    private readonly catalog: CatalogRepository,
    repository: SubscriptionsRepository,
    planSubscribers: PlanSubscribers,
    offers: OfferRedemptionsService,
  ) {
    planSubscribers.provide((planIds) => repository.subscriberCounts(planIds));
    offers.provideHistory((userId) => this.subscriptions.exists({ where: { userId } }));
  }

  /** The user's most relevant subscription row: a live one first, else the most recent; null when none. */
  async findRelevant(userId: string, em: EntityManager = this.subscriptions.manager): Promise<Subscription | null> {
    return pickRelevantSubscription(await em.find(Subscription, { where: { userId } }));
  }

  /** Every Stripe subscription id stored. */
  async stripeSubscriptionIds(): Promise<string[]> {
    return (await this.subscriptions.find({ select: { stripeSubscriptionId: true } })).map((s) => s.stripeSubscriptionId);
  }

  findByStripeId(stripeSubscriptionId: string, em: EntityManager = this.subscriptions.manager): Promise<Subscription | null> {
    return em.findOne(Subscription, { where: { stripeSubscriptionId } });
  }

  /** The user's subscription as the API shows it, or null. Other modules (entitlements) build on this. */
  async getView(userId: string): Promise<SubscriptionView | null> {
    const row = await this.findRelevant(userId);
    return row ? this.toView(row) : null;
  }

  async getViewOrThrow(userId: string): Promise<SubscriptionView> {
    const view = await this.getView(userId);
    if (!view) throw notFound(userId);
    return view;
  }

  async toView(row: Subscription, em: EntityManager = this.subscriptions.manager): Promise<SubscriptionView> {
    const code = row.planId ? ((await this.catalog.planCodes([row.planId], em)).get(row.planId) ?? null) : null;
    return toSubscriptionView(row, code);
  }

  /** Admin listing; `linked=false` shows the subscriptions that could not be tied to a user or a plan. */
  async listAdmin(query: SubscriptionAdminQueryDto): Promise<SubscriptionAdminResponseDto[]> {
    const status = query.status ? { status: query.status } : {};
    const where =
      query.linked === 'false'
        ? [
            { userId: IsNull(), ...status },
            { planId: IsNull(), ...status },
          ]
        : { ...status };
    let rows = await this.subscriptions.find({ where, order: { createdAt: 'DESC' }, take: 500 });
    if (query.linked === 'true') rows = rows.filter((r) => r.userId && r.planId);
    const codes = await this.catalog.planCodes(rows.map((r) => r.planId).filter((id): id is string => !!id));
    return rows.map((r) => ({
      ...toSubscriptionView(r, r.planId ? (codes.get(r.planId) ?? null) : null),
      userId: r.userId,
      stripeCustomerId: r.stripeCustomerId,
      stripePriceId: r.stripePriceId,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}

export function notFound(userId: string): DomainError {
  return new DomainError('SUBSCRIPTION_NOT_FOUND', `User ${userId} has no subscription`);
}
