import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { SubscriptionStatus } from '../stripe/subscription-statuses';
import { SubscriptionChange } from './subscription-change.entity';

/** A subscription's latest history row recorded up to an instant: its state then. */
export type StateRow = Pick<
  SubscriptionChange,
  | 'subscriptionId'
  | 'status'
  | 'planId'
  | 'amountMinor'
  | 'currency'
  | 'intervalMonths'
  | 'cancelAtPeriodEnd'
  | 'discountKind'
  | 'discountValue'
  | 'discountEndsAt'
>;

/** Each subscription's latest row recorded at or before $1 (insert order breaks ties of one instant). */
const STATES_SQL = `
SELECT DISTINCT ON (subscription_id)
       subscription_id AS "subscriptionId", status, plan_id AS "planId", amount_minor AS "amountMinor", currency,
       interval_months AS "intervalMonths", cancel_at_period_end AS "cancelAtPeriodEnd", discount_kind AS "discountKind",
       discount_value AS "discountValue", discount_ends_at AS "discountEndsAt"
FROM subscription_history WHERE recorded_at <= $1
ORDER BY subscription_id, seq DESC`;

/**
 * Rows recorded in [$1, $2] that moved a subscription into the subscriber statuses ($3) from outside them (its first
 * row included): new; and out of them: churned. Each row is compared with the subscription's row before it.
 */
const MOVES_SQL = `
SELECT count(*) FILTER (WHERE status = ANY($3) AND (before IS NULL OR NOT before = ANY($3)))::int AS "new",
       count(*) FILTER (WHERE NOT status = ANY($3) AND before = ANY($3))::int AS churned
FROM (SELECT recorded_at, status, lag(status) OVER (PARTITION BY subscription_id ORDER BY seq) AS before
      FROM subscription_history WHERE recorded_at <= $2) h
WHERE recorded_at >= $1`;

/** The subscription history's SQL: subscription_history is appended to and read only here. */
@Injectable()
export class SubscriptionHistoryRepository {
  constructor(@InjectRepository(SubscriptionChange) private readonly rows: Repository<SubscriptionChange>) {}

  async append(em: EntityManager, row: Omit<SubscriptionChange, 'seq'>): Promise<void> {
    await em.insert(SubscriptionChange, row);
  }

  async statesAt(until: Date): Promise<StateRow[]> {
    const rows = (await this.rows.query(STATES_SQL, [until])) as (StateRow & { amountMinor: string | null; discountValue: string | null })[];
    return rows.map((r) => ({
      ...r,
      amountMinor: r.amountMinor === null ? null : Number(r.amountMinor),
      discountValue: r.discountValue === null ? null : Number(r.discountValue),
    }));
  }

  /** Moves into and out of `subscriberStatuses` recorded in [from, until]. */
  async moves(from: Date, until: Date, subscriberStatuses: readonly SubscriptionStatus[]): Promise<{ new: number; churned: number }> {
    const [row] = (await this.rows.query(MOVES_SQL, [from, until, subscriberStatuses])) as { new: number; churned: number }[];
    return row;
  }
}
