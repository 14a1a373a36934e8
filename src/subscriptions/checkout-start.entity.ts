import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A Checkout Session Tollgate created: the paywall funnel's "checkouts started" counts these per month. */
@Entity('checkout_starts')
@Index('ix_checkout_starts_started_at', ['startedAt'])
export class CheckoutStart {
  @PrimaryColumn('text', { name: 'stripe_session_id' })
  stripeSessionId: string;

  @Column('text', { name: 'user_id' })
  userId: string;

  @Column('uuid', { name: 'plan_id' })
  planId: string;

  @Column('timestamptz', { name: 'started_at' })
  startedAt: Date;
}
