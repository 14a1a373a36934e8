import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { TtlCache } from '../common/ttl-cache';
import { ENV, EnvDto } from '../config/env.schema';
import { DATABASE_MODE, type DatabaseMode } from '../database/database.module';
import { CountedMonth, MeterAnswer, MeterFacts, recall, withCounted } from './domain/meter-decision';
import { MeterWindow, meterWindow } from './domain/meter-window';
import type { StoredMonth } from './metering.repository';

/** The month in force, with its resetsAt as the ISO string every answer shows. */
export type ShownWindow = MeterWindow & { resetsAtIso: string };

/** Most viewer-months (and entitled answers) an instance keeps; the oldest goes first. */
const MAX_ENTRIES = 20_000;
/** Largest counted-article set kept for a viewer-month (bounds memory when the limit is set high). */
const MAX_KEPT_ARTICLES = 50;
/**
 * How long a viewer-month whose whole counted set is known and at the limit is answered from memory. Not
 * CACHE_TTL_SECONDS: that set is final (a month's count only grows and counted reads are never removed, on any
 * instance), and a raised limit is checked on every read; the bound only lets memory go. Measured: with the 2 s TTL,
 * each returning anonymous viewer past the limit cost a meter query every 2 s.
 */
const EXHAUSTED_KEEP_MS = 10 * 60_000;

/**
 * The meter's per-instance memory, all on TtlCache: the month in force, entitled viewers' answers, and per viewer-month
 * the articles known counted. A counted set only grows, so a re-read found in it is answered here; the count it shows
 * may trail another instance's counting by at most CACHE_TTL_SECONDS (a set complete at the limit is kept longer, see
 * EXHAUSTED_KEEP_MS). On the embedded database this instance is the only one (the data directory's lock lets one process
 * open it), so every count, carry-over and erasure of a month passes through this memory and nothing it keeps can go
 * stale: a month is then kept like a final one, EXHAUSTED_KEEP_MS. Measured: with the 2 s TTL, PGlite spent about a
 * third of the re-read rows' CPU on looks at months this instance already knew. Nothing is kept with
 * CACHE_TTL_SECONDS=0.
 */
@Injectable()
export class MeterMemory {
  /** The month in force; recomputed only when the clock leaves it (Intl formatting is costly on a hot path). */
  private window: ShownWindow | null = null;
  /**
   * An entitled viewer's answer this month (their count is shown but never changed while they are entitled): kept for
   * CACHE_TTL_SECONDS so a subscriber's page views need no meter query, and answered as the same object while the limit
   * in force is the one it shows.
   */
  private readonly entitledViews: TtlCache<MeterAnswer>;
  private readonly months: TtlCache<CountedMonth>;
  /** Device-user-months whose carry-over is done: final for the month, so kept like a month at the limit. */
  private readonly links: TtlCache<true>;
  /** Viewer-month-walls stamped on the counter (final for the month: a stamp is never removed but by an erasure). */
  private readonly walls: TtlCache<true>;
  /** The only instance on its database (embedded): what it keeps of a month cannot be changed by another. */
  private readonly soleInstance: boolean;

  constructor(
    @Inject(ENV) private readonly env: EnvDto,
    @Inject(DATABASE_MODE) mode: DatabaseMode,
    clock: Clock,
  ) {
    this.soleInstance = mode.embedded;
    const ttlMs = env.CACHE_TTL_SECONDS * 1000;
    this.entitledViews = new TtlCache({ ttlMs, maxEntries: MAX_ENTRIES, clock });
    this.months = new TtlCache({ ttlMs, maxEntries: MAX_ENTRIES, clock });
    this.links = new TtlCache({ ttlMs, maxEntries: MAX_ENTRIES, clock });
    this.walls = new TtlCache({ ttlMs, maxEntries: MAX_ENTRIES, clock });
  }

  windowAt(now: Date): ShownWindow {
    const w = this.window;
    if (w && now >= w.startsAt && now < w.resetsAt) return w;
    const next = meterWindow(now, this.env.METER_TIMEZONE);
    this.window = { ...next, resetsAtIso: next.resetsAt.toISOString() };
    return this.window;
  }

  entitledView(viewerMonth: string, limit: number): MeterAnswer | undefined {
    const kept = this.entitledViews.get(viewerMonth);
    return kept && kept.freeLimit === limit ? kept : undefined;
  }

  keepEntitledView(viewerMonth: string, answer: MeterAnswer): MeterAnswer {
    const frozen = Object.freeze(answer);
    this.entitledViews.set(viewerMonth, frozen);
    return frozen;
  }

  /**
   * What memory knows of this article in the viewer's month (decideRead's `used` and `counted`). `mayGrow`: the month
   * may gain articles outside its counted order (a user's month, by a carry-over on another instance), so an article
   * missing from a complete set at the limit is looked up rather than refused from memory.
   */
  recall(viewerMonth: string, articleId: string, limit: number, mayGrow: boolean): Pick<MeterFacts, 'used' | 'counted'> {
    const known = recall(this.months.get(viewerMonth), articleId);
    return mayGrow && known.counted === false && known.used !== null && known.used >= limit ? { used: known.used, counted: null } : known;
  }

  linked(linkMonth: string): boolean {
    return this.links.get(linkMonth) === true;
  }

  /** Keeps a done carry-over, and forgets what was kept of the user's month: it may have gained articles. */
  keepLinked(linkMonth: string, userMonth: string): void {
    this.links.set(linkMonth, true, EXHAUSTED_KEEP_MS);
    this.forget(userMonth);
  }

  wallStamped(wallMonth: string): boolean {
    return this.walls.get(wallMonth) === true;
  }

  keepWallStamped(wallMonth: string): void {
    this.walls.set(wallMonth, true, EXHAUSTED_KEEP_MS);
  }

  /** Forgets what is kept of a viewer's month (it changed other than by counting: a carry-over, an erasure). */
  forget(viewerMonth: string): void {
    this.months.invalidate(viewerMonth);
    this.entitledViews.invalidate(viewerMonth);
    // An erasure removes the stamps with the counter; the next wall met stamps it again (an idempotent write).
    this.walls.invalidate(`${viewerMonth} registration`);
    this.walls.invalidate(`${viewerMonth} subscription`);
  }

  /** Keeps what a look at the stored month showed: a counted article, or the whole set once at the limit. */
  looked(viewerMonth: string, articleId: string, stored: StoredMonth, limit: number): void {
    if (stored.articles && stored.articles.length <= MAX_KEPT_ARTICLES) {
      this.keep(viewerMonth, { used: stored.used, articles: stored.articles, complete: true }, limit);
    } else if (stored.seen) {
      this.keep(viewerMonth, withCounted(this.months.get(viewerMonth), articleId, stored.used, false, MAX_KEPT_ARTICLES), limit);
    }
  }

  /** Keeps an article found counted under the lock (`countedNow`: by this read, the count now `used`). */
  counted(viewerMonth: string, articleId: string, used: number, countedNow: boolean, limit: number): void {
    // Counted: not entitled now; should they be again this month, their answer must show the new count.
    if (countedNow) this.entitledViews.invalidate(viewerMonth);
    this.keep(viewerMonth, withCounted(this.months.get(viewerMonth), articleId, used, countedNow, MAX_KEPT_ARTICLES), limit);
  }

  private keep(viewerMonth: string, month: CountedMonth, limit: number): void {
    const final = month.complete && month.used >= limit;
    this.months.set(viewerMonth, month, final || this.soleInstance ? EXHAUSTED_KEEP_MS : undefined);
  }
}
