import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PlanBenefit } from './plan-benefit.entity';
import { PlanPrice } from './plan-price.entity';

export type PlanStatus = 'draft' | 'active' | 'archived';

@Check('ck_plans_interval', `"interval_months" BETWEEN 1 AND 36`)
@Check('ck_plans_status', `"status" IN ('draft', 'active', 'archived')`)
@Entity('plans')
export class Plan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_plans_code', { unique: true })
  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text', { default: '' })
  description: string;

  @Column('int', { name: 'interval_months' })
  intervalMonths: number;

  @Column('text', { default: 'active' })
  status: PlanStatus;

  @Column('int', { name: 'sort_order', default: 0 })
  sortOrder: number;

  @Column('uuid', { name: 'current_price_id', nullable: true })
  currentPriceId: string | null;

  @ManyToOne(() => PlanPrice, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'current_price_id', foreignKeyConstraintName: 'fk_plans_current_price' })
  currentPrice: PlanPrice | null;

  @Column('text', { name: 'stripe_product_id', nullable: true })
  stripeProductId: string | null;

  @OneToMany(() => PlanBenefit, (pb) => pb.plan)
  planBenefits: PlanBenefit[];

  @OneToMany(() => PlanPrice, (pp) => pp.plan)
  prices: PlanPrice[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
