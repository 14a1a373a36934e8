import type { DataSource } from 'typeorm';
import { Benefit } from './benefit.entity';
import { PlanBenefit } from './plan-benefit.entity';
import { PlanPrice } from './plan-price.entity';
import { Plan } from './plan.entity';

export const DEMO_BENEFITS = [
  {
    code: 'premium_stories',
    name: 'Exclusive premium stories online',
    description: 'Over 30 premium stories daily, handpicked by our editors',
  },
  {
    code: 'nyt_access',
    name: 'Complimentary access to The New York Times',
    description: 'News, Games, Cooking, Audio, Wirecutter & The Athletic',
  },
  { code: 'epaper', name: 'Digital replica of the daily newspaper', description: 'To read, save and share' },
  { code: 'newsletters', name: 'Curated newsletters', description: 'On markets, finance, politics, tech and more' },
  { code: 'smart_investor', name: 'Smart Investor', description: 'Market analysis & investment insights' },
  { code: 'archives', name: 'Archives', description: 'Articles and publications dating back to 1997' },
  { code: 'ad_free', name: 'Ad-free reading', description: 'Read without advertisements' },
  { code: 'all_devices', name: 'Seamless access across devices', description: 'Mobile, tablet and PC, via web or app' },
];

const DEMO_PLANS = [
  { code: 'smart_quarterly', name: 'Smart Quarterly', intervalMonths: 3, amountMinor: 90_000, sortOrder: 10 },
  { code: 'smart_essential', name: 'Smart Essential', intervalMonths: 12, amountMinor: 270_000, sortOrder: 20 },
  { code: 'super_saver', name: 'Super Saver', intervalMonths: 24, amountMinor: 390_000, sortOrder: 30 },
];

export interface SeedResult {
  benefitsCreated: string[];
  plansCreated: string[];
}

/** Inserts the demo benefits and plans that are missing (by code); never touches existing rows. Idempotent. */
export async function seedDemoCatalog(dataSource: DataSource): Promise<SeedResult> {
  return dataSource.transaction(async (em) => {
    const result: SeedResult = { benefitsCreated: [], plansCreated: [] };
    const benefits: Benefit[] = [];
    for (const b of DEMO_BENEFITS) {
      let row = await em.findOne(Benefit, { where: { code: b.code } });
      if (!row) {
        row = await em.save(em.create(Benefit, b));
        result.benefitsCreated.push(b.code);
      }
      benefits.push(row);
    }
    for (const p of DEMO_PLANS) {
      if (await em.findOne(Plan, { where: { code: p.code } })) continue;
      const plan = await em.save(
        em.create(Plan, {
          code: p.code,
          name: p.name,
          description: `${p.name}: renews automatically every ${p.intervalMonths} months, cancel anytime`,
          intervalMonths: p.intervalMonths,
          status: 'active',
          sortOrder: p.sortOrder,
        }),
      );
      const price = await em.save(em.create(PlanPrice, { planId: plan.id, version: 1, amountMinor: p.amountMinor, currency: 'INR' }));
      await em.update(Plan, plan.id, { currentPriceId: price.id });
      await em.insert(
        PlanBenefit,
        benefits.map((b, position) => ({ planId: plan.id, benefitId: b.id, position })),
      );
      result.plansCreated.push(p.code);
    }
    return result;
  });
}

/** Seeds only a database with no plans at all: what the first embedded start does. */
export async function seedDemoCatalogIfEmpty(dataSource: DataSource): Promise<SeedResult | null> {
  const plans = await dataSource.getRepository(Plan).count();
  return plans === 0 ? seedDemoCatalog(dataSource) : null;
}
