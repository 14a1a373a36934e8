import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { GrantFacts, SubscriptionFacts } from './domain/resolve-entitlements';
import type { SubscriptionViewSource } from '../subscriptions/domain/subscription-view';

/** A subscription row with what the entitlements need: access facts, benefit codes and the view fields. */
export interface UserSubscriptionFacts extends SubscriptionFacts, SubscriptionViewSource {
  planCode: string | null;
  /** Stripe's creation time (else the row's), to pick the latest subscription when none grants access. */
  createdAt: Date;
}

/** Everything that decides a user's entitlements, loaded in one round trip. */
export interface UserFacts {
  subscriptions: UserSubscriptionFacts[];
  grants: GrantFacts[];
}

interface RawSubscription {
  id: string;
  stripeSubscriptionId: string;
  planCode: string | null;
  status: string;
  amountMinor: number | string | null;
  currency: string | null;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: string | null;
  endedAt: string | null;
  createdAt: string;
  benefitCodes: string[];
}

// One statement, two indexed lookups (ix_subscriptions_user_id, ix_grants_user_id) and the plan's benefits by the
// plan_benefits primary key. Archived plans still count: subscribers keep what they bought.
const FACTS_SQL = `
SELECT
  COALESCE((
    SELECT json_agg(json_build_object(
      'id', s.id,
      'stripeSubscriptionId', s.stripe_subscription_id,
      'planCode', p.code,
      'status', s.status,
      'amountMinor', s.amount_minor,
      'currency', s.currency,
      'currentPeriodStart', s.current_period_start,
      'currentPeriodEnd', s.current_period_end,
      'cancelAtPeriodEnd', s.cancel_at_period_end,
      'canceledAt', s.canceled_at,
      'endedAt', s.ended_at,
      'createdAt', COALESCE(s.stripe_created_at, s.created_at),
      'benefitCodes', COALESCE((
        SELECT json_agg(b.code ORDER BY pb.position)
        FROM plan_benefits pb JOIN benefits b ON b.id = pb.benefit_id
        WHERE pb.plan_id = s.plan_id), '[]'::json)))
    FROM subscriptions s LEFT JOIN plans p ON p.id = s.plan_id
    WHERE s.user_id = $1), '[]'::json) AS subscriptions,
  COALESCE((
    SELECT json_agg(json_build_object('benefitCode', g.benefit_code, 'expiresAt', g.expires_at))
    FROM grants g
    WHERE g.user_id = $1 AND g.revoked_at IS NULL), '[]'::json) AS grants`;

const dateOrNull = (v: string | null) => (v === null ? null : new Date(v));

/** The one query behind the entitlement check. */
@Injectable()
export class EntitlementsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async loadFacts(userId: string): Promise<UserFacts> {
    const [row] = (await this.dataSource.query(FACTS_SQL, [userId])) as {
      subscriptions: RawSubscription[];
      grants: { benefitCode: string; expiresAt: string }[];
    }[];
    return {
      subscriptions: row.subscriptions.map((s) => ({
        ...s,
        amountMinor: s.amountMinor === null ? null : Number(s.amountMinor),
        currency: s.currency?.trim() ?? null,
        currentPeriodStart: dateOrNull(s.currentPeriodStart),
        currentPeriodEnd: dateOrNull(s.currentPeriodEnd),
        canceledAt: dateOrNull(s.canceledAt),
        endedAt: dateOrNull(s.endedAt),
        createdAt: new Date(s.createdAt),
      })),
      grants: row.grants.map((g) => ({ benefitCode: g.benefitCode, expiresAt: new Date(g.expiresAt), revokedAt: null })),
    };
  }
}
