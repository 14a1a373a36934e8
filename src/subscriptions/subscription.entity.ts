import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintNumber } from '../common/transformers';

import type { SubscriptionStatus } from '../stripe/subscription-statuses';

/** Local mirror of a Stripe subscription, upserted from the object re-read from Stripe. */
@Entity('subscriptions')
@Index('ix_subscriptions_user_id', ['userId'])
export class Subscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_subscriptions_stripe_subscription_id', { unique: true })
  @Column('text', { name: 'stripe_subscription_id' })
  stripeSubscriptionId: string;

  /** Null while the subscription cannot be linked to a user (kept and listed, grants nothing). */
  @Column('text', { name: 'user_id', nullable: true })
  userId: string | null;

  @Column('text', { name: 'stripe_customer_id' })
  stripeCustomerId: string;

  @Column('uuid', { name: 'plan_id', nullable: true })
  planId: string | null;

  @Column('uuid', { name: 'plan_price_id', nullable: true })
  planPriceId: string | null;

  @Column('text', { name: 'stripe_price_id', nullable: true })
  stripePriceId: string | null;

  @Column('text')
  status: SubscriptionStatus;

  @Column('bigint', { name: 'amount_minor', nullable: true, transformer: bigintNumber })
  amountMinor: number | null;

  @Column('char', { length: 3, nullable: true })
  currency: string | null;

  @Column('timestamptz', { name: 'current_period_start', nullable: true })
  currentPeriodStart: Date | null;

  @Column('timestamptz', { name: 'current_period_end', nullable: true })
  currentPeriodEnd: Date | null;

  @Column('boolean', { name: 'cancel_at_period_end', default: false })
  cancelAtPeriodEnd: boolean;

  @Column('timestamptz', { name: 'canceled_at', nullable: true })
  canceledAt: Date | null;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt: Date | null;

  /** Stripe's `created` of the subscription. */
  @Column('timestamptz', { name: 'stripe_created_at', nullable: true })
  stripeCreatedAt: Date | null;

  @Column('jsonb', { default: {} })
  metadata: Record<string, string>;

  /** The offer in force (a trial, or a discount from an offer's coupon), as Stripe last showed it; null when none. */
  @Column('text', { name: 'offer_code', nullable: true })
  offerCode: string | null;

  @Column('text', { name: 'offer_kind', nullable: true })
  offerKind: string | null;

  /** When the offer's effect ends (the trial's end, the discount's end); null: forever. */
  @Column('timestamptz', { name: 'offer_ends_at', nullable: true })
  offerEndsAt: Date | null;

  @Column('timestamptz', { name: 'trial_end', nullable: true })
  trialEnd: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
