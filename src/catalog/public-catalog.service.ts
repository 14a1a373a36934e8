import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Clock } from '../common/clock';
import { TtlCache } from '../common/ttl-cache';
import { ENV, type EnvDto } from '../config/env.schema';
import type { PlanCatalogResponseDto } from './catalog.dto';
import { CatalogRepository } from './catalog.repository';
import { priceable, toPlanView } from './catalog.views';
import { highestEffectiveMonthly } from './domain/pricing';
import { PlanOffers } from './plan-offers';
import { PlanTax } from './plan-tax';

/** `GET /v1/plans` as sent: the UTF-8 JSON bytes and their strong ETag (a hash of exactly those bytes). */
export interface RenderedCatalog {
  body: Buffer;
  etag: string;
  /** When an offer shown (or about to be) starts or ends: the rendering is stale from then on. */
  changesAt: Date | null;
}

/** The cache key of the one rendering. */
const CATALOG = 'plans';

/** What browsers and CDNs may keep: a minute, public. Instances themselves re-read within CACHE_TTL_SECONDS. */
export const PLANS_CACHE_CONTROL = 'public, max-age=60';

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for If-None-Match). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => bare(tag) === bare(etag));
}

/**
 * The public catalog, rendered once and kept in memory: the paywall hits it on every page, so a hit is a
 * lookup, not a query. A local catalog write calls invalidate() in afterCommit; a write made by another
 * instance shows here once the rendering is CACHE_TTL_SECONDS old. A render that started before an invalidate() is
 * not kept (TtlCache).
 */
@Injectable()
export class PublicCatalogService {
  private readonly cache: TtlCache<RenderedCatalog>;

  constructor(
    private readonly repo: CatalogRepository,
    private readonly offers: PlanOffers,
    private readonly tax: PlanTax,
    private readonly clock: Clock,
    @Inject(ENV) env: EnvDto,
  ) {
    // One key: no jitter (nothing to spread), so it lapses exactly at the TTL. Aged on the instance's wall clock rather
    // than elapsedMs(): catalog-cache.pg-e2e-spec pins that clock and advances it to the bound while a write happens.
    const wall = { elapsedMs: () => clock.now().getTime() };
    this.cache = new TtlCache({ ttlMs: env.CACHE_TTL_SECONDS * 1000, maxEntries: 1, clock: wall, jitter: false });
  }

  async current(): Promise<RenderedCatalog> {
    const rendered = await this.cache.load(CATALOG, () => this.load());
    if (rendered.changesAt === null || rendered.changesAt.getTime() > this.clock.now().getTime()) return rendered;
    // An offer started or ended since the rendering: the ETag must move at that instant, not a TTL later.
    this.cache.invalidate(CATALOG);
    return this.cache.load(CATALOG, () => this.load());
  }

  /** Drops the rendering; call in afterCommit of any catalog write. */
  invalidate(): void {
    this.cache.invalidate(CATALOG);
  }

  /** The catalog as the paywall sees it: active plans by sortOrder, savings against the dearest per currency. */
  async render(): Promise<PlanCatalogResponseDto & { changesAt: Date | null }> {
    const plans = await this.repo.findPlans({ status: 'active' });
    const highest = highestEffectiveMonthly(plans.map(priceable));
    const offers = await this.offers.list(
      plans.map((p) => ({ id: p.id, code: p.code, ...priceable(p) })),
      this.clock.now(),
    );
    const taxer = await this.tax.taxer();
    return {
      plans: plans.map((p) => {
        const tax = taxer?.(priceable(p)) ?? null;
        return { ...toPlanView(p, highest), offers: offers.byPlanId.get(p.id) ?? [], ...(tax ? { tax } : {}) };
      }),
      changesAt: offers.changesAt,
    };
  }

  private async load(): Promise<RenderedCatalog> {
    const { changesAt, ...catalog } = await this.render();
    const body = Buffer.from(JSON.stringify(catalog), 'utf8');
    return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"`, changesAt };
  }
}
