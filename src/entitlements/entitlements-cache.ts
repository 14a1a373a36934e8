import { Inject, Injectable } from '@nestjs/common';
import { TtlCache } from '../common/ttl-cache';
import { ENV, EnvDto } from '../config/env.schema';
import { EntitlementsRepository, UserFacts } from './entitlements.repository';

/** Most users an instance keeps facts for; the oldest entry goes first (bounds memory under many distinct users). */
const MAX_ENTRIES = 20_000;

/**
 * Per-instance cache (a TtlCache, plus shared loads) of the FACTS a user's entitlements are decided from (subscription rows, grants), never of the
 * decision: the access policy runs on every request against the clock, so a period that ends mid-TTL ends on time.
 * Facts are at most CACHE_TTL_SECONDS old (each entry lapses at a random moment in the TTL's last quarter, so users
 * loaded together do not all reload at once; 0 disables the cache), so a change made on another instance applies
 * everywhere within that bound; writers on this instance call invalidate(userId) after their commit.
 * Concurrent misses for one user share one load.
 */
@Injectable()
export class EntitlementsCache {
  private readonly entries: TtlCache<UserFacts>;
  private readonly loading = new Map<string, Promise<UserFacts>>();
  private readonly enabled: boolean;

  constructor(
    private readonly repository: EntitlementsRepository,
    @Inject(ENV) env: EnvDto,
  ) {
    this.entries = new TtlCache(env.CACHE_TTL_SECONDS * 1000, MAX_ENTRIES);
    this.enabled = env.CACHE_TTL_SECONDS > 0;
  }

  async facts(userId: string): Promise<UserFacts> {
    if (!this.enabled) return this.repository.loadFacts(userId);
    const hit = this.entries.get(userId);
    if (hit) return hit;
    const pending = this.loading.get(userId);
    if (pending) return pending;
    const load = this.repository.loadFacts(userId).then(
      (facts) => {
        // Store only if no invalidate() came in while loading: those facts may predate the write.
        if (this.loading.get(userId) === load) {
          this.loading.delete(userId);
          this.entries.set(userId, facts);
        }
        return facts;
      },
      (err: unknown) => {
        if (this.loading.get(userId) === load) this.loading.delete(userId);
        throw err;
      },
    );
    this.loading.set(userId, load);
    return load;
  }

  /** Forget a user's facts on this instance; call after committing a change to their grants or subscriptions. */
  invalidate(userId: string): void {
    this.entries.delete(userId);
    this.loading.delete(userId);
  }
}
