import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Benefit } from './benefit.entity';
import type { Plan } from './plan.entity';

/** A benefit a plan includes, in display order. */
@Entity('plan_benefits')
export class PlanBenefit {
  @PrimaryColumn('uuid', { name: 'plan_id' })
  planId: string;

  @PrimaryColumn('uuid', { name: 'benefit_id' })
  benefitId: string;

  @Column('int', { default: 0 })
  position: number;

  @ManyToOne('Plan', 'planBenefits', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_plan_benefits_plan' })
  plan: Plan;

  @ManyToOne(() => Benefit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'benefit_id', foreignKeyConstraintName: 'fk_plan_benefits_benefit' })
  benefit: Benefit;
}
