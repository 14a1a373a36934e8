import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { Repository } from 'typeorm';
import type { GrantFacts, SubscriptionFacts } from './domain/resolve-entitlements';
import { Grant } from './grant.entity';
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
  offerCode: string | null;
  offerKind: string | null;
  offerEndsAt: string | null;
  trialEnd: string | null;
  createdAt: string;
  benefitCodes: string[];
}

// One statement for a batch of users ($1, a text[]): per user two indexed lookups (ix_subscriptions_user_id,
// ix_grants_user_id) and the plan's benefits by the plan_benefits primary key. Archived plans still count: subscribers
// keep what they bought.
const FACTS_SQL = `
SELECT
  u.user_id AS "userId",
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
      'offerCode', s.offer_code,
      'offerKind', s.offer_kind,
      'offerEndsAt', s.offer_ends_at,
      'trialEnd', s.trial_end,
      'createdAt', COALESCE(s.stripe_created_at, s.created_at),
      'benefitCodes', COALESCE((
        SELECT json_agg(b.code ORDER BY pb.position)
        FROM plan_benefits pb JOIN benefits b ON b.id = pb.benefit_id
        WHERE pb.plan_id = s.plan_id), '[]'::json)))
    FROM subscriptions s LEFT JOIN plans p ON p.id = s.plan_id
    WHERE s.user_id = u.user_id), '[]'::json) AS subscriptions,
  COALESCE((
    SELECT json_agg(json_build_object('benefitCode', g.benefit_code, 'expiresAt', g.expires_at))
    FROM grants g
    WHERE g.user_id = u.user_id AND g.revoked_at IS NULL), '[]'::json) AS grants
FROM unnest($1::text[]) AS u(user_id)`;

/** Most users one statement loads. */
const MAX_BATCH = 100;
/** Statements in flight at once; misses that arrive meanwhile wait, and go together in the next one. */
const MAX_IN_FLIGHT = 1;

interface FactsRow {
  userId: string;
  subscriptions: RawSubscription[];
  grants: { benefitCode: string; expiresAt: string }[];
}

const dateOrNull = (v: string | null) => (v === null ? null : new Date(v));

/**
 * The one query behind the entitlement check, batched: a user's facts are loaded at once while fewer than
 * MAX_IN_FLIGHT statements run, else together with every other user asked for meanwhile, in one statement (dataloader,
 * with no cache of its own: EntitlementsCache caches). A burst of cache misses (new viewers, a restart, entries
 * lapsing) then costs a few statements instead of one per user; most of all on embedded PGlite, which runs one
 * statement at a time.
 */
@Injectable()
export class EntitlementsRepository {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly loader = new DataLoader<string, UserFacts>((userIds) => this.loadBatch(userIds), {
    cache: false,
    maxBatchSize: MAX_BATCH,
    batchScheduleFn: (run) => (this.inFlight < MAX_IN_FLIGHT ? setImmediate(run) : this.waiting.push(run)),
  });

  constructor(@InjectRepository(Grant) private readonly grants: Repository<Grant>) {}

  loadFacts(userId: string): Promise<UserFacts> {
    return this.loader.load(userId);
  }

  private async loadBatch(userIds: readonly string[]): Promise<UserFacts[]> {
    this.inFlight++;
    try {
      const rows = (await this.grants.query(FACTS_SQL, [userIds])) as FactsRow[];
      const byUser = new Map(rows.map((row) => [row.userId, row]));
      return userIds.map((id) => toFacts(byUser.get(id)!));
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }
}

function toFacts(row: FactsRow): UserFacts {
  return {
    subscriptions: row.subscriptions.map((s) => ({
      ...s,
      amountMinor: s.amountMinor === null ? null : Number(s.amountMinor),
      currency: s.currency?.trim() ?? null,
      currentPeriodStart: dateOrNull(s.currentPeriodStart),
      currentPeriodEnd: dateOrNull(s.currentPeriodEnd),
      canceledAt: dateOrNull(s.canceledAt),
      endedAt: dateOrNull(s.endedAt),
      offerEndsAt: dateOrNull(s.offerEndsAt),
      trialEnd: dateOrNull(s.trialEnd),
      createdAt: new Date(s.createdAt),
    })),
    grants: row.grants.map((g) => ({ benefitCode: g.benefitCode, expiresAt: new Date(g.expiresAt), revokedAt: null })),
  };
}
