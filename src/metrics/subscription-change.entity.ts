import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from '../common/transformers';
import type { SubscriptionStatus } from '../stripe/subscription-statuses';

/**
 * One row of the subscription history the metrics are computed from: a subscription's state AFTER a change that matters
 * to them, as the sync wrote it, with the clock's time. Rows are only ever added, so a month's figures, read from rows
 * recorded before the month's end, never change later.
 */
@Entity('subscription_history')
@Index('ix_subscription_history_recorded_at', ['recordedAt'])
@Index('ix_subscription_history_subscription', ['subscriptionId', 'seq'])
export class SubscriptionChange {
  /** Insert order: orders a subscription's rows recorded at the same instant. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  seq: string;

  /** The local subscription row's id. */
  @Column('uuid', { name: 'subscription_id' })
  subscriptionId: string;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt: Date;

  @Column('text')
  status: SubscriptionStatus;

  @Column('uuid', { name: 'plan_id', nullable: true })
  planId: string | null;

  @Column('uuid', { name: 'plan_price_id', nullable: true })
  planPriceId: string | null;

  /** The subscription's own price per billing period. */
  @Column('bigint', { name: 'amount_minor', nullable: true, transformer: bigintNumber })
  amountMinor: number | null;

  @Column('char', { length: 3, nullable: true })
  currency: string | null;

  /** The plan's months per billing period when recorded. */
  @Column('int', { name: 'interval_months', nullable: true })
  intervalMonths: number | null;

  @Column('boolean', { name: 'cancel_at_period_end' })
  cancelAtPeriodEnd: boolean;

  @Column('text', { name: 'offer_code', nullable: true })
  offerCode: string | null;

  /** A discount in force: 'percent_off' (discount_value: percent) or 'intro_price' (discount_value: the period price). */
  @Column('text', { name: 'discount_kind', nullable: true })
  discountKind: 'percent_off' | 'intro_price' | null;

  @Column('bigint', { name: 'discount_value', nullable: true, transformer: bigintNumber })
  discountValue: number | null;

  @Column('timestamptz', { name: 'discount_ends_at', nullable: true })
  discountEndsAt: Date | null;

  @Column('timestamptz', { name: 'current_period_start', nullable: true })
  currentPeriodStart: Date | null;

  @Column('timestamptz', { name: 'current_period_end', nullable: true })
  currentPeriodEnd: Date | null;
}
