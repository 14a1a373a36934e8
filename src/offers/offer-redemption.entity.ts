import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Offer } from './offer.entity';

export type RedemptionStatus = 'reserved' | 'redeemed' | 'released';

/**
 * One use of an offer. Checkout reserves (until its Session expires) so concurrent checkouts cannot exceed
 * `maxRedemptions`; the subscription's webhook turns the reservation into a redemption, once per subscription; an
 * expired Session releases it.
 */
@Check('ck_offer_redemptions_status', `"status" IN ('reserved', 'redeemed', 'released')`)
@Entity('offer_redemptions')
@Index('ix_offer_redemptions_offer', ['offerId', 'status'])
@Index('uq_offer_redemptions_subscription', ['offerId', 'stripeSubscriptionId'], { unique: true })
export class OfferRedemptionRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'offer_id' })
  offerId: string;

  @ManyToOne(() => Offer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'offer_id', foreignKeyConstraintName: 'fk_offer_redemptions_offer' })
  offer: Offer;

  @Column('text', { name: 'user_id' })
  userId: string;

  @Column('text')
  status: RedemptionStatus;

  @Index('uq_offer_redemptions_checkout_session', { unique: true })
  @Column('text', { name: 'checkout_session_id', nullable: true })
  checkoutSessionId: string | null;

  @Column('text', { name: 'stripe_subscription_id', nullable: true })
  stripeSubscriptionId: string | null;

  /** A reservation counts until then (the Checkout Session's expiry plus a margin), even if its release is lost. */
  @Column('timestamptz', { name: 'reserved_until', nullable: true })
  reservedUntil: Date | null;

  @Column('timestamptz', { name: 'redeemed_at', nullable: true })
  redeemedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
