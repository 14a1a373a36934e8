import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { TtlCache } from '../common/ttl-cache';
import { ENV, EnvDto } from '../config/env.schema';
import { EntitlementsRepository, UserFacts } from './entitlements.repository';

/** Most users an instance keeps facts for; the oldest entry goes first (bounds memory under many distinct users). */
const MAX_ENTRIES = 20_000;

/**
 * Per-instance cache (a TtlCache) of the FACTS a user's entitlements are decided from (subscription rows, grants), never
 * of the decision: the access policy runs on every request against the clock, so a period that ends mid-TTL ends on time.
 * Facts are at most CACHE_TTL_SECONDS old (0 disables the cache), so a change made on another instance applies
 * everywhere within that bound; writers on this instance call invalidate(userId) in afterCommit.
 * Concurrent misses for one user share one load.
 */
@Injectable()
export class EntitlementsCache {
  private readonly entries: TtlCache<UserFacts>;

  constructor(
    private readonly repository: EntitlementsRepository,
    @Inject(ENV) env: EnvDto,
    clock: Clock,
  ) {
    this.entries = new TtlCache({ ttlMs: env.CACHE_TTL_SECONDS * 1000, maxEntries: MAX_ENTRIES, clock });
  }

  facts(userId: string): Promise<UserFacts> {
    return this.entries.load(userId, () => this.repository.loadFacts(userId));
  }

  /** Forget a user's facts on this instance; call in afterCommit of a change to their grants or subscriptions. */
  invalidate(userId: string): void {
    this.entries.invalidate(userId);
  }
}
