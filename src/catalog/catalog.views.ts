import { money } from '../common/money';
import type { Benefit } from './benefit.entity';
import type { BenefitAdminResponseDto, BenefitResponseDto, PlanAdminResponseDto, PlanPriceResponseDto, PlanResponseDto } from './catalog.dto';
import { pricePlan, type PriceablePlan } from './domain/pricing';
import type { PlanPrice } from './plan-price.entity';
import type { Plan } from './plan.entity';

// Entity → response mapping, shared by the public catalog and the admin API so both show the same numbers.

/** Every plan is a Stripe subscription that renews until cancelled. */
const AUTO_RENEWS = true;

function currentPriceOf(plan: Plan): PlanPrice {
  const price = plan.currentPrice ?? plan.prices?.[0];
  if (!price) throw new Error(`Plan ${plan.code} has no price version`);
  return price;
}

export function priceable(plan: Plan): PriceablePlan {
  const price = currentPriceOf(plan);
  return { intervalMonths: plan.intervalMonths, amountMinor: price.amountMinor, currency: price.currency };
}

function toBenefitView(b: Benefit): BenefitResponseDto {
  return { code: b.code, name: b.name, description: b.description };
}

export function toBenefitAdminView(b: Benefit): BenefitAdminResponseDto {
  return { ...toBenefitView(b), createdAt: b.createdAt.toISOString(), updatedAt: b.updatedAt.toISOString() };
}

/** The public shape, fields in the order API.md shows them. */
export function toPlanView(plan: Plan, highest: ReadonlyMap<string, number>): PlanResponseDto {
  const pricing = pricePlan(priceable(plan), highest);
  return {
    code: plan.code,
    name: plan.name,
    description: plan.description,
    intervalMonths: plan.intervalMonths,
    periodLabel: pricing.periodLabel,
    price: pricing.price,
    effectiveMonthly: pricing.effectiveMonthly,
    savingsPercent: pricing.savingsPercent,
    autoRenews: AUTO_RENEWS,
    benefits: plan.planBenefits.map((pb) => toBenefitView(pb.benefit)),
  };
}

function toPriceView(p: PlanPrice, currentId: string): PlanPriceResponseDto {
  return {
    id: p.id,
    version: p.version,
    price: money(p.amountMinor, p.currency),
    stripePriceId: p.stripePriceId,
    current: p.id === currentId,
    createdAt: p.createdAt.toISOString(),
  };
}

/** The admin shape: the public one plus status, every price version (newest first) and live subscribers. */
export function toPlanAdminView(plan: Plan, highest: ReadonlyMap<string, number>, subscriberCount: number): PlanAdminResponseDto {
  const current = currentPriceOf(plan);
  return {
    id: plan.id,
    ...toPlanView(plan, highest),
    status: plan.status,
    sortOrder: plan.sortOrder,
    currentPrice: toPriceView(current, current.id),
    prices: plan.prices.map((p) => toPriceView(p, current.id)),
    subscriberCount,
    stripeProductId: plan.stripeProductId,
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a plan: everything an admin can change, by value. */
export function planSnapshot(plan: Plan): Record<string, unknown> {
  const price = currentPriceOf(plan);
  return {
    code: plan.code,
    name: plan.name,
    description: plan.description,
    intervalMonths: plan.intervalMonths,
    status: plan.status,
    sortOrder: plan.sortOrder,
    currentPrice: { version: price.version, amountMinor: price.amountMinor, currency: price.currency, stripePriceId: price.stripePriceId },
    benefitCodes: plan.planBenefits.map((pb) => pb.benefit.code),
  };
}

export function benefitSnapshot(b: Benefit): Record<string, unknown> {
  return { code: b.code, name: b.name, description: b.description };
}
