import { Check, Column, CreateDateColumn, Entity, Index, JoinTable, ManyToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Plan } from '../catalog/plan.entity';
import { bigintNumber } from '../common/transformers';
import type { OfferKind, OfferRedemption } from './domain/offer-terms';

export type OfferStatus = 'draft' | 'active' | 'archived';

/** An offer as billing staff defined it: its terms never change once redeemed (PATCH cannot reach them). */
@Check('ck_offers_kind', `"kind" IN ('trial', 'intro_price', 'percent_off')`)
@Check('ck_offers_status', `"status" IN ('draft', 'active', 'archived')`)
@Check('ck_offers_redemption', `"redemption" IN ('signup', 'retention')`)
@Entity('offers')
// "Unique among live offers": an archived offer's code may be used again by a new one.
@Index('uq_offers_live_promotion_code', ['promotionCode'], { unique: true, where: `"status" <> 'archived'` })
export class Offer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_offers_code', { unique: true })
  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: OfferKind;

  @Column('int', { name: 'trial_days', nullable: true })
  trialDays: number | null;

  @Column('bigint', { name: 'intro_price_minor', nullable: true, transformer: bigintNumber })
  introPriceMinor: number | null;

  @Column('int', { name: 'intro_periods', nullable: true })
  introPeriods: number | null;

  @Column('int', { name: 'percent_off', nullable: true })
  percentOff: number | null;

  /** Unique among offers not archived (uq_offers_live_promotion_code). */
  @Column('text', { name: 'promotion_code', nullable: true })
  promotionCode: string | null;

  @Column('boolean', { name: 'first_time_only', default: true })
  firstTimeOnly: boolean;

  @Column('int', { name: 'max_redemptions', nullable: true })
  maxRedemptions: number | null;

  @Column('timestamptz', { name: 'starts_at', nullable: true })
  startsAt: Date | null;

  @Column('timestamptz', { name: 'ends_at', nullable: true })
  endsAt: Date | null;

  @Column('text', { default: 'signup' })
  redemption: OfferRedemption;

  @Column('text', { default: 'active' })
  status: OfferStatus;

  /** The Stripe promotion code mirroring `promotionCode`, once created. */
  @Column('text', { name: 'stripe_promotion_code_id', nullable: true })
  stripePromotionCodeId: string | null;

  @ManyToMany(() => Plan)
  @JoinTable({
    name: 'offer_plans',
    joinColumn: { name: 'offer_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_offer_plans_offer' },
    inverseJoinColumn: { name: 'plan_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_offer_plans_plan' },
  })
  plans: Plan[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
