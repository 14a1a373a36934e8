import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In } from 'typeorm';
import { DomainError } from '../common/errors';
import { COUNTS_AS_SUBSCRIBER } from '../subscriptions/domain/subscription-status';
import { Subscription } from '../subscriptions/subscription.entity';
import { Benefit } from './benefit.entity';
import { Plan } from './plan.entity';

/** The catalog's queries. Every method takes an optional EntityManager so services can call it inside a transaction. */
@Injectable()
export class CatalogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Plans with current price, all price versions (newest first) and benefits (in position order). */
  async findPlans(where: FindOptionsWhere<Plan> = {}, em: EntityManager = this.dataSource.manager): Promise<Plan[]> {
    const plans = await em.find(Plan, {
      where,
      relations: { currentPrice: true, prices: true, planBenefits: { benefit: true } },
      order: { sortOrder: 'ASC', code: 'ASC' },
    });
    for (const p of plans) {
      p.prices.sort((a, b) => b.version - a.version);
      p.planBenefits.sort((a, b) => a.position - b.position);
    }
    return plans;
  }

  async getPlan(code: string, em: EntityManager = this.dataSource.manager): Promise<Plan> {
    const [plan] = await this.findPlans({ code }, em);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan with code "${code}"`);
    return plan;
  }

  /** The bare plan row, locked until the transaction ends: serialises price versions and patches of one plan. */
  async lockPlan(em: EntityManager, code: string): Promise<Plan> {
    const plan = await em.findOne(Plan, { where: { code }, lock: { mode: 'pessimistic_write' } });
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan with code "${code}"`);
    return plan;
  }

  /** The benefits with these codes, in the order given; 400 UNKNOWN_BENEFIT naming every missing code. */
  async benefitsByCodes(em: EntityManager, codes: string[]): Promise<Benefit[]> {
    if (!codes.length) return [];
    const found = await em.find(Benefit, { where: { code: In(codes) } });
    const byCode = new Map(found.map((b) => [b.code, b]));
    const missing = codes.filter((c) => !byCode.has(c));
    if (missing.length) {
      throw new DomainError(
        'UNKNOWN_BENEFIT',
        `Unknown benefit code(s): ${missing.join(', ')}`,
        missing.map((c) => ({ field: 'benefitCodes', message: `no benefit with code "${c}"` })),
      );
    }
    return codes.map((c) => byCode.get(c)!);
  }

  async getBenefit(code: string, em: EntityManager = this.dataSource.manager): Promise<Benefit> {
    const benefit = await em.findOne(Benefit, { where: { code } });
    if (!benefit) throw new DomainError('BENEFIT_NOT_FOUND', `No benefit with code "${code}"`);
    return benefit;
  }

  /** Live subscriptions per plan id (plans without any are absent). */
  async subscriberCounts(planIds: string[], em: EntityManager = this.dataSource.manager): Promise<Map<string, number>> {
    if (!planIds.length) return new Map();
    const rows = await em
      .createQueryBuilder(Subscription, 's')
      .select('s.plan_id', 'planId')
      .addSelect('count(*)::int', 'n')
      .where('s.plan_id IN (:...planIds)', { planIds })
      .andWhere('s.status IN (:...statuses)', { statuses: COUNTS_AS_SUBSCRIBER })
      .groupBy('s.plan_id')
      .getRawMany<{ planId: string; n: number }>();
    return new Map(rows.map((r) => [r.planId, Number(r.n)]));
  }
}
