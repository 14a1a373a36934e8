import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Clock } from '../common/clock';
import { ENV, type EnvDto } from '../config/env.schema';
import type { PlanCatalogResponseDto } from './catalog.dto';
import { CatalogRepository } from './catalog.repository';
import { priceable, toPlanView } from './catalog.views';
import { highestEffectiveMonthly } from './domain/pricing';

/** `GET /v1/plans` as sent: the UTF-8 JSON bytes and their strong ETag (a hash of exactly those bytes). */
export interface RenderedCatalog {
  body: Buffer;
  etag: string;
}

interface Cached extends RenderedCatalog {
  loadedAt: number;
}

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
 * lookup, not a query. A local catalog write calls invalidate() after it commits; a write made by another
 * instance shows here once the rendering is CACHE_TTL_SECONDS old. A generation counter stops a render that
 * started before a write from being cached after it.
 */
@Injectable()
export class PublicCatalogService {
  private cached: Cached | null = null;
  private generation = 0;
  private inflight: { generation: number; promise: Promise<RenderedCatalog> } | null = null;

  constructor(
    private readonly repo: CatalogRepository,
    private readonly clock: Clock,
    @Inject(ENV) private readonly env: EnvDto,
  ) {}

  async current(): Promise<RenderedCatalog> {
    const now = this.clock.now().getTime();
    const cached = this.cached;
    // A clock moved backwards (tests) counts as expired rather than fresh for ever.
    if (cached && now >= cached.loadedAt && now - cached.loadedAt < this.env.CACHE_TTL_SECONDS * 1000) return cached;
    if (this.inflight?.generation === this.generation) return this.inflight.promise;
    const generation = this.generation;
    const promise = this.load(generation, now).finally(() => {
      if (this.inflight?.promise === promise) this.inflight = null;
    });
    this.inflight = { generation, promise };
    return promise;
  }

  /** Drops the rendering; call after any committed catalog write. */
  invalidate(): void {
    this.generation++;
    this.cached = null;
  }

  /** The catalog as the paywall sees it: active plans by sortOrder, savings against the dearest per currency. */
  async render(): Promise<PlanCatalogResponseDto> {
    const plans = await this.repo.findPlans({ status: 'active' });
    const highest = highestEffectiveMonthly(plans.map(priceable));
    return { plans: plans.map((p) => toPlanView(p, highest)) };
  }

  private async load(generation: number, loadedAt: number): Promise<RenderedCatalog> {
    const body = Buffer.from(JSON.stringify(await this.render()), 'utf8');
    const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
    if (generation === this.generation) this.cached = { body, etag, loadedAt };
    return { body, etag };
  }
}
