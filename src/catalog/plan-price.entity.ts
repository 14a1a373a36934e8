import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from '../common/transformers';
import type { Plan } from './plan.entity';

/** One immutable price version of a plan; subscribers keep the version they signed up at. */
@Check('ck_plan_prices_amount', `"amount_minor" >= 0`)
@Entity('plan_prices')
@Index('uq_plan_prices_plan_version', ['planId', 'version'], { unique: true })
export class PlanPrice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'plan_id' })
  planId: string;

  @ManyToOne('Plan', 'prices', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_plan_prices_plan' })
  plan: Plan;

  @Column('int')
  version: number;

  @Column('bigint', { name: 'amount_minor', transformer: bigintNumber })
  amountMinor: number;

  @Column('char', { length: 3 })
  currency: string;

  @Index('uq_plan_prices_stripe_price_id', { unique: true, where: 'stripe_price_id IS NOT NULL' })
  @Column('text', { name: 'stripe_price_id', nullable: true })
  stripePriceId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
