import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Plan } from '../../src/catalog/plan.entity';
import { PlanPrice } from '../../src/catalog/plan-price.entity';
import { SubscriptionStatus } from '../../src/stripe/subscription-statuses';
import { Subscription } from '../../src/subscriptions/subscription.entity';

export interface SubscriptionSpec {
  userId: string;
  /** A seeded plan's code (defaults to smart_quarterly); its current price is recorded on the row. */
  planCode?: string;
  status?: SubscriptionStatus;
  currentPeriodStart?: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd?: boolean;
  canceledAt?: string | null;
  endedAt?: string | null;
  stripeCreatedAt?: string;
}

/**
 * Inserts a subscription row as the Stripe webhook handlers would leave it, linked to a plan by code.
 * Entitlements tests use it to set up users without a Stripe round trip.
 */
export async function insertSubscription(dataSource: DataSource, spec: SubscriptionSpec): Promise<Subscription> {
  const plan = await dataSource.getRepository(Plan).findOneByOrFail({ code: spec.planCode ?? 'smart_quarterly' });
  const price = plan.currentPriceId ? await dataSource.getRepository(PlanPrice).findOneBy({ id: plan.currentPriceId }) : null;
  const repo = dataSource.getRepository(Subscription);
  return repo.save(
    repo.create({
      stripeSubscriptionId: `sub_test_${randomBytes(6).toString('hex')}`,
      userId: spec.userId,
      stripeCustomerId: `cus_test_${randomBytes(6).toString('hex')}`,
      planId: plan.id,
      planPriceId: price?.id ?? null,
      stripePriceId: price?.stripePriceId ?? null,
      status: spec.status ?? 'active',
      amountMinor: price?.amountMinor ?? null,
      currency: price?.currency ?? null,
      currentPeriodStart: spec.currentPeriodStart ? new Date(spec.currentPeriodStart) : null,
      currentPeriodEnd: new Date(spec.currentPeriodEnd),
      cancelAtPeriodEnd: spec.cancelAtPeriodEnd ?? false,
      canceledAt: spec.canceledAt ? new Date(spec.canceledAt) : null,
      endedAt: spec.endedAt ? new Date(spec.endedAt) : null,
      stripeCreatedAt: spec.stripeCreatedAt ? new Date(spec.stripeCreatedAt) : null,
      metadata: { user_id: spec.userId },
    }),
  );
}
