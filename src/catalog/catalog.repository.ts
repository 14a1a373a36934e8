import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, FindOptionsWhere, In, Repository } from 'typeorm';
import { DomainError } from '../common/errors';
import { Benefit } from './benefit.entity';
import { PlanPrice } from './plan-price.entity';
import { Plan } from './plan.entity';

/** The catalog's queries. Every method takes an optional EntityManager so services can call it inside a transaction. */
@Injectable()
export class CatalogRepository {
  constructor(@InjectRepository(Plan) private readonly plans: Repository<Plan>) {}

  private get manager(): EntityManager {
    return this.plans.manager;
  }

  /** Plans with current price, all price versions (newest first) and benefits (in position order). */
  async findPlans(where: FindOptionsWhere<Plan> = {}, em: EntityManager = this.manager): Promise<Plan[]> {
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

  async getPlan(code: string, em: EntityManager = this.manager): Promise<Plan> {
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

  benefitExists(code: string, em: EntityManager = this.manager): Promise<boolean> {
    return em.existsBy(Benefit, { code });
  }

  async getBenefit(code: string, em: EntityManager = this.manager): Promise<Benefit> {
    const benefit = await em.findOne(Benefit, { where: { code } });
    if (!benefit) throw new DomainError('BENEFIT_NOT_FOUND', `No benefit with code "${code}"`);
    return benefit;
  }

  /** The plan with this code and its current price, or null. */
  /** A plan by id, with its current price; 404 PLAN_NOT_FOUND when it is gone. */
  async planById(id: string, em: EntityManager = this.manager): Promise<Plan> {
    const plan = await em.findOne(Plan, { where: { id }, relations: { currentPrice: true } });
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan with id ${id}`);
    return plan;
  }

  findPlanByCode(code: string, em: EntityManager = this.manager): Promise<Plan | null> {
    return em.findOne(Plan, { where: { code }, relations: { currentPrice: true } });
  }

  /** The price version a Stripe Price id was stored on, or null. */
  priceByStripeId(stripePriceId: string, em: EntityManager = this.manager): Promise<PlanPrice | null> {
    return em.findOne(PlanPrice, { where: { stripePriceId } });
  }

  /** The plan's newest price version with this amount and currency, or null. */
  priceVersionWith(planId: string, amountMinor: number, currency: string, em: EntityManager = this.manager): Promise<PlanPrice | null> {
    return em.findOne(PlanPrice, { where: { planId, amountMinor, currency }, order: { version: 'DESC' } });
  }

  /** Plan codes by plan id, for the given ids (unknown ids are absent). */
  async planCodes(planIds: string[], em: EntityManager = this.manager): Promise<Map<string, string>> {
    const unique = [...new Set(planIds)];
    const rows = unique.length ? await em.find(Plan, { where: { id: In(unique) }, select: { id: true, code: true } }) : [];
    return new Map(rows.map((p) => [p.id, p.code]));
  }
}
