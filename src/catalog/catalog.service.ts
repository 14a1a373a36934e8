import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Transactions } from '../database/transactions';
import type { Actor } from '../auth/actor';
import { afterCommit } from '../common/after-commit';
import { DomainError } from '../common/errors';
import type { Benefit } from './benefit.entity';
import type { PlanAdminResponseDto, PlanCreateDto, PlanPriceCreateDto, PlanUpdateDto, PriceInputDto } from './catalog.dto';
import { CatalogEvents, type PriceVersionCreated } from './catalog.events';
import { CatalogRepository } from './catalog.repository';
import { planSnapshot, priceable, toPlanAdminView } from './catalog.views';
import { highestEffectiveMonthly } from './domain/pricing';
import { PlanBenefit } from './plan-benefit.entity';
import { PlanPrice } from './plan-price.entity';
import { PlanSubscribers } from './plan-subscribers';
import { Plan } from './plan.entity';
import { PublicCatalogService } from './public-catalog.service';
import { uniqueViolation } from './unique-violation';

const planCodeTaken = (code: string) => new DomainError('PLAN_CODE_TAKEN', `A plan with code "${code}" already exists`);
const stripePriceTaken = (id: string) => new DomainError('STRIPE_PRICE_TAKEN', `Stripe price ${id} is already linked to a price version`);

/** Maps a unique violation that slipped past the pre-checks (a concurrent write) to its 409. */
function conflictFor(err: unknown, planCode: string, stripePriceId?: string): unknown {
  const constraint = uniqueViolation(err);
  if (constraint === 'uq_plans_code') return planCodeTaken(planCode);
  if (constraint === 'uq_plan_prices_stripe_price_id') return stripePriceTaken(stripePriceId ?? '');
  return err;
}

/**
 * Plan administration: plans, their benefits and their immutable price versions. Every write runs in one
 * transaction with its audit entry; it drops the public catalog's rendering in afterCommit and, for a new price
 * version, tells CatalogEvents listeners once committed (billing creates the Stripe Price there).
 */
@Injectable()
export class CatalogService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: CatalogRepository,
    private readonly audit: AuditService,
    private readonly publicCatalog: PublicCatalogService,
    private readonly events: CatalogEvents,
    private readonly subscribers: PlanSubscribers,
  ) {}

  /** Every plan, any status, savings measured against the active plans (as the paywall would show them). */
  async listPlans(): Promise<PlanAdminResponseDto[]> {
    const plans = await this.repo.findPlans();
    return this.toAdminViews(plans);
  }

  async getPlan(code: string): Promise<PlanAdminResponseDto> {
    const plan = await this.repo.getPlan(code);
    const [view] = await this.toAdminViews([plan], await this.repo.findPlans({ status: 'active' }));
    return view;
  }

  async createPlan(actor: Actor, dto: PlanCreateDto): Promise<PlanAdminResponseDto> {
    let created: PriceVersionCreated;
    try {
      created = await this.tx.run(async (em) => {
        afterCommit(em, () => this.publicCatalog.invalidate());
        if (await em.exists(Plan, { where: { code: dto.code } })) throw planCodeTaken(dto.code);
        const benefits = await this.repo.benefitsByCodes(em, dto.benefitCodes);
        const plan = await em.save(
          em.create(Plan, {
            code: dto.code,
            name: dto.name,
            description: dto.description ?? '',
            intervalMonths: dto.intervalMonths,
            status: dto.status ?? 'draft',
            sortOrder: dto.sortOrder ?? 0,
          }),
        );
        const price = await this.addVersion(em, plan, 1, dto.price);
        await this.setBenefits(em, plan, benefits);
        const after = await this.repo.getPlan(plan.code, em);
        await this.audit.record(em, actor, 'plan.create', 'plan', plan.code, null, planSnapshot(after));
        return price;
      });
    } catch (err) {
      throw conflictFor(err, dto.code);
    }
    await this.events.priceVersionCreated(created);
    return this.getPlan(dto.code);
  }

  async updatePlan(actor: Actor, code: string, dto: PlanUpdateDto): Promise<PlanAdminResponseDto> {
    await this.tx.run(async (em) => {
      afterCommit(em, () => this.publicCatalog.invalidate());
      const row = await this.repo.lockPlan(em, code);
      const before = planSnapshot(await this.repo.getPlan(code, em));
      const changes: Partial<Plan> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.description !== undefined) changes.description = dto.description;
      if (dto.sortOrder !== undefined) changes.sortOrder = dto.sortOrder;
      if (dto.status !== undefined) changes.status = dto.status;
      if (Object.keys(changes).length) await em.update(Plan, row.id, changes);
      if (dto.benefitCodes !== undefined) {
        const benefits = await this.repo.benefitsByCodes(em, dto.benefitCodes);
        await em.delete(PlanBenefit, { planId: row.id });
        await this.setBenefits(em, row, benefits);
      }
      const after = planSnapshot(await this.repo.getPlan(code, em));
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        await this.audit.record(em, actor, 'plan.update', 'plan', code, before, after);
      }
    });
    return this.getPlan(code);
  }

  /** A new immutable price version becomes current; older versions stay for grandfathered subscribers. */
  async addPrice(actor: Actor, code: string, dto: PlanPriceCreateDto): Promise<PlanAdminResponseDto> {
    let created: PriceVersionCreated;
    try {
      created = await this.tx.run(async (em) => {
        afterCommit(em, () => this.publicCatalog.invalidate());
        // The row lock makes concurrent versions of one plan take turns, so version numbers never collide.
        const row = await this.repo.lockPlan(em, code);
        const before = planSnapshot(await this.repo.getPlan(code, em));
        if (dto.stripePriceId && (await em.exists(PlanPrice, { where: { stripePriceId: dto.stripePriceId } }))) {
          throw stripePriceTaken(dto.stripePriceId);
        }
        const latest = await em.maximum(PlanPrice, 'version', { planId: row.id });
        const price = await this.addVersion(em, row, (latest ?? 0) + 1, dto, dto.stripePriceId ?? null);
        const after = planSnapshot(await this.repo.getPlan(code, em));
        await this.audit.record(em, actor, 'plan.price.create', 'plan', code, before, after);
        return price;
      });
    } catch (err) {
      throw conflictFor(err, code, dto.stripePriceId);
    }
    await this.events.priceVersionCreated(created);
    return this.getPlan(code);
  }

  /** Hidden from the public catalog; existing subscribers keep their plan and price. Archiving twice is a no-op. */
  async archive(actor: Actor, code: string): Promise<PlanAdminResponseDto> {
    await this.tx.run(async (em) => {
      afterCommit(em, () => this.publicCatalog.invalidate());
      const row = await this.repo.lockPlan(em, code);
      if (row.status === 'archived') return;
      const before = planSnapshot(await this.repo.getPlan(code, em));
      await em.update(Plan, row.id, { status: 'archived' });
      const after = planSnapshot(await this.repo.getPlan(code, em));
      await this.audit.record(em, actor, 'plan.archive', 'plan', code, before, after);
    });
    return this.getPlan(code);
  }

  private async addVersion(
    em: EntityManager,
    plan: Plan,
    version: number,
    price: PriceInputDto,
    stripePriceId: string | null = null,
  ): Promise<PriceVersionCreated> {
    const row = await em.save(
      em.create(PlanPrice, { planId: plan.id, version, amountMinor: price.amountMinor, currency: price.currency, stripePriceId }),
    );
    await em.update(Plan, plan.id, { currentPriceId: row.id });
    return {
      planId: plan.id,
      planCode: plan.code,
      intervalMonths: plan.intervalMonths,
      priceId: row.id,
      version,
      amountMinor: row.amountMinor,
      currency: row.currency,
      stripePriceId,
    };
  }

  private async setBenefits(em: EntityManager, plan: Plan, benefits: Benefit[]): Promise<void> {
    if (!benefits.length) return;
    await em.insert(
      PlanBenefit,
      benefits.map((b, position) => ({ planId: plan.id, benefitId: b.id, position })),
    );
  }

  private async toAdminViews(plans: Plan[], active: Plan[] = plans.filter((p) => p.status === 'active')) {
    const highest = highestEffectiveMonthly(active.map(priceable));
    const counts = await this.subscribers.counts(plans.map((p) => p.id));
    return plans.map((p) => toPlanAdminView(p, highest, counts.get(p.id) ?? 0));
  }
}
