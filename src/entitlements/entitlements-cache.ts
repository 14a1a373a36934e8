import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { TtlCache } from '../common/ttl-cache';
import type { EntityManager } from 'typeorm';
import { ENV, EnvDto } from '../config/env.schema';
import { Invalidations } from '../database/invalidations';
import { EntitlementsRepository, UserFacts } from './entitlements.repository';

/** Most users an instance keeps facts for; the oldest entry goes first (bounds memory under many distinct users). */
const MAX_ENTRIES = 20_000;

/**
 * Per-instance cache (a TtlCache) of the FACTS a user's entitlements are decided from (subscription rows, grants), never
 * of the decision: the access policy runs on every request against the clock, so a period that ends mid-TTL ends on time.
 * Writers call invalidate(em, userId) in their transaction: every instance forgets the user's facts once it commits
 * (Invalidations). Facts are at most CACHE_TTL_SECONDS old (0 disables the cache): the bound for a change that sends
 * no notice (another process writing the tables) or whose notice was lost.
 * Concurrent misses for one user share one load.
 */
@Injectable()
export class EntitlementsCache {
  private readonly entries: TtlCache<UserFacts>;

  constructor(
    private readonly repository: EntitlementsRepository,
    @Inject(ENV) env: EnvDto,
    clock: Clock,
    private readonly invalidations: Invalidations,
  ) {
    this.entries = new TtlCache({ ttlMs: env.CACHE_TTL_SECONDS * 1000, maxEntries: MAX_ENTRIES, clock });
    invalidations.on('entitlements', this.entries);
  }

  facts(userId: string): Promise<UserFacts> {
    return this.entries.load(userId, () => this.repository.loadFacts(userId));
  }

  /** Forgets a user's facts on every instance once `em`'s transaction (a change to their grants or subscriptions) commits. */
  invalidate(em: EntityManager, userId: string): Promise<void> {
    return this.invalidations.publish(em, { cache: 'entitlements', key: userId });
  }
}
