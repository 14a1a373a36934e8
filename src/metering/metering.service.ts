import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { TtlCache } from '../common/ttl-cache';
import { ENV, EnvDto } from '../config/env.schema';
import { EntitlementsService } from '../entitlements/entitlements.service';
import { SettingsService } from '../settings/settings.service';
import { MeterWindow, meterWindow } from './domain/meter-window';
import type { MeterReason } from './metering.dto';

export interface MeterReadView {
  allowed: boolean;
  reason: MeterReason;
  freeLimit: number;
  used: number;
  remaining: number;
  resetsAt: string;
}

/**
 * The viewer's count this month and whether this article is among it (no row: nothing counted yet); once the count
 * has reached the limit ($4), also every article counted (then that set is final for the month).
 */
const STATE_SQL = `
SELECT c.used,
       EXISTS (SELECT 1 FROM article_reads r WHERE r.viewer_id = $1 AND r.period = $2 AND r.article_id = $3) AS seen,
       CASE WHEN c.used >= $4 THEN
         (SELECT array_agg(r.article_id) FROM article_reads r WHERE r.viewer_id = $1 AND r.period = $2) END AS articles
FROM meter_counters c WHERE c.viewer_id = $1 AND c.period = $2`;

/** Largest counted-article set kept for a viewer at the limit (bounds memory when the limit is set high). */
const MAX_KEPT_ARTICLES = 50;
/**
 * How long a viewer-month at the limit is answered from memory. Not CACHE_TTL_SECONDS: that set is final (a month's
 * count only grows and counted reads are never removed, on any instance), and a raised limit is checked on every read;
 * the bound only lets memory go. Measured: with the 2 s TTL, each returning anonymous viewer past the limit cost a
 * meter query every 2 s.
 */
const EXHAUSTED_KEEP_MS = 10 * 60_000;

/** The month in force, with its resetsAt as the ISO string every answer shows. */
type ShownWindow = MeterWindow & { resetsAtIso: string };

interface ExhaustedMonth {
  used: number;
  articles: Set<string>;
}

/**
 * Under the viewer-month lock, in ONE statement (so one snapshot taken after the lock was granted): was the article
 * already counted; if not and the locked count ($6) is under the limit ($5), store it and increment the count.
 * Answers seen, and the new count if it counted (null otherwise).
 * The commit is synchronous like every other: a counted read survives a crash (a faster asynchronous commit was
 * tried and dropped, since it could forget the last counted reads).
 */
const COUNT_READ_SQL = `
WITH seen AS (
  SELECT 1 FROM article_reads WHERE viewer_id = $1 AND period = $2 AND article_id = $3),
ins AS (
  INSERT INTO article_reads (viewer_id, period, article_id, read_at)
  SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM seen) AND $6::int < $5::int
  ON CONFLICT DO NOTHING RETURNING 1),
upd AS (
  UPDATE meter_counters SET used = used + 1
  WHERE viewer_id = $1 AND period = $2 AND EXISTS (SELECT 1 FROM ins) RETURNING used)
SELECT EXISTS (SELECT 1 FROM seen) AS seen, (SELECT used FROM upd) AS used`;

/**
 * A brand-new viewer-month's first countable read, in ONE autocommit statement (no BEGIN/lock/COMMIT round trips):
 * create the counter at 1 and store the read, only if this statement created the counter. Answers the new count, or
 * nothing if the counter already existed (another read created it after the first look; ON CONFLICT waited for that
 * transaction to end), and then the caller takes the locked path.
 * Race-safe because reads are stored only here, together with creating their counter, or in COUNT_READ_SQL under the
 * counter's row lock: a counter this statement created therefore had no reads, so this read is the month's first and
 * 1 is its true count (the caller only comes here with a limit of at least 1). Any concurrent read of this viewer-month
 * conflicts on the counter's primary key, waits for this statement's commit, and then sees the counter and the read.
 * The read cannot conflict while that holds; DO NOTHING only keeps a counter deleted by hand from making it a 500.
 * Not folded into STATE_SQL: tried, it saves this round trip, but an insert-bearing look took PostgreSQL ~3x the work
 * to plan and run (pgbench, unnamed statements as the app sends them) for every returning viewer's look, the common case.
 */
export const FIRST_READ_SQL = `
WITH c AS (
  INSERT INTO meter_counters (viewer_id, period, used) VALUES ($1, $2, 1) ON CONFLICT DO NOTHING RETURNING used),
r AS (
  INSERT INTO article_reads (viewer_id, period, article_id, read_at)
  SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM c) ON CONFLICT DO NOTHING)
SELECT used FROM c`;

/**
 * The free-article meter. A viewer holding the metered benefit reads freely and is not counted; anyone else gets
 * each distinct article counted once per calendar month in METER_TIMEZONE, up to the free limit.
 */
@Injectable()
export class MeteringService {
  /** The month in force; recomputed only when the clock leaves it (Intl formatting is costly on a hot path). */
  private window: ShownWindow | null = null;
  /**
   * An entitled viewer's answer this month (their count is shown but never changed while they are entitled): kept
   * for CACHE_TTL_SECONDS so a subscriber's page views need no meter query, and answered as the same object while
   * the limit in force is the one it shows.
   */
  private readonly entitledViews: TtlCache<MeterReadView>;
  /**
   * Viewers whose count reached the limit: no new article can count for them this month (counts only grow), so their
   * counted set answers every further read locally: a re-read is allowed, anything else refused. Kept for
   * EXHAUSTED_KEEP_MS (none when CACHE_TTL_SECONDS is 0), and only trusted while its count is still at or above the
   * limit in force (a raised limit falls through to the database).
   */
  private readonly exhausted: TtlCache<ExhaustedMonth>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: EntitlementsService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    @Inject(ENV) private readonly env: EnvDto,
  ) {
    this.entitledViews = new TtlCache({ ttlMs: env.CACHE_TTL_SECONDS * 1000, maxEntries: 20_000, clock });
    this.exhausted = new TtlCache({ ttlMs: env.CACHE_TTL_SECONDS > 0 ? EXHAUSTED_KEEP_MS : 0, maxEntries: 20_000, clock });
  }

  async read(viewerId: string, articleId: string): Promise<MeterReadView> {
    const { freeArticleLimit: limit, meteredBenefitCode } = await this.settings.get();
    const now = this.clock.now();
    const { period, resetsAtIso } = this.windowAt(now);
    const view = (allowed: boolean, reason: MeterReason, used: number): MeterReadView => ({
      allowed,
      reason,
      freeLimit: limit,
      used,
      remaining: Math.max(0, limit - used),
      resetsAt: resetsAtIso,
    });

    const entitled = (await this.entitlements.check(viewerId, meteredBenefitCode)).granted;
    const viewerMonth = `${viewerId} ${period}`;
    const entitledView = entitled ? this.entitledViews.get(viewerMonth) : undefined;
    if (entitledView && entitledView.freeLimit === limit) return entitledView;
    const atLimit = entitled ? undefined : this.exhausted.get(viewerMonth);
    if (atLimit && atLimit.used >= limit) {
      const reread = atLimit.articles.has(articleId);
      return view(reread, reread ? 'free_quota' : 'limit_reached', atLimit.used);
    }
    // Lock-free first look. A month's count only grows and counted reads are never removed, so what it shows is
    // final for a re-read (allowed) and for a new article at or past the limit (refused): those answers, the most
    // common anonymous page views, need no lock. Only a read that may count takes the locked path below.
    const [state] = (await this.dataSource.query(STATE_SQL, [viewerId, period, articleId, limit])) as {
      used: number;
      seen: boolean;
      articles: string[] | null;
    }[];
    const used = state?.used ?? 0;
    if (state?.articles && state.articles.length <= MAX_KEPT_ARTICLES) {
      this.exhausted.set(viewerMonth, { used, articles: new Set(state.articles) });
    }
    if (entitled) {
      const answer = Object.freeze(view(true, 'entitled', used));
      this.entitledViews.set(viewerMonth, answer);
      return answer;
    }
    if (state?.seen) return view(true, 'free_quota', used);
    if (used >= limit) return view(false, 'limit_reached', used);
    const counted = (used: number) => {
      this.entitledViews.invalidate(viewerMonth);
      return view(true, 'free_quota', used);
    };

    // No counter yet (and, past the check above, a limit of at least 1): most often a viewer's first page view.
    if (!state) {
      const [created] = (await this.dataSource.query(FIRST_READ_SQL, [viewerId, period, articleId, now])) as { used: number }[];
      if (created) return counted(created.used);
    }
    return this.dataSource.transaction(async (em) => {
      const used = await this.lockCounter(em, viewerId, period);
      const [outcome] = (await em.query(COUNT_READ_SQL, [viewerId, period, articleId, now, limit, used])) as {
        seen: boolean;
        used: number | null;
      }[];
      if (outcome.seen) return view(true, 'free_quota', used);
      if (outcome.used === null) return view(false, 'limit_reached', used);
      return counted(outcome.used);
    });
  }

  private windowAt(now: Date): ShownWindow {
    const w = this.window;
    if (w && now >= w.startsAt && now < w.resetsAt) return w;
    const next = meterWindow(now, this.env.METER_TIMEZONE);
    this.window = { ...next, resetsAtIso: next.resetsAt.toISOString() };
    return this.window;
  }

  /**
   * Creates the viewer-month counter if missing and locks it until commit: every read of one viewer in one month
   * runs its check-then-count under this row lock, on every instance, so concurrent reads cannot pass the limit.
   * The article_reads check must be a separate, later statement: under READ COMMITTED only a statement started after
   * the lock was granted sees the read the previous holder committed.
   */
  private async lockCounter(em: EntityManager, viewerId: string, period: string): Promise<number> {
    // Most reads are by a viewer already counted this month: lock the existing row first; else create it, and a row
    // this transaction inserted is locked by it too. If another transaction created it meanwhile, ON CONFLICT waits
    // for that one to finish and answers nothing: then lock the row it committed.
    const lock = 'SELECT used FROM meter_counters WHERE viewer_id = $1 AND period = $2 FOR UPDATE';
    const params = [viewerId, period];
    const found = (await em.query(lock, params)) as { used: number }[];
    if (found.length) return found[0].used;
    const created = (await em.query(
      'INSERT INTO meter_counters (viewer_id, period, used) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING RETURNING used',
      params,
    )) as { used: number }[];
    if (created.length) return created[0].used;
    return ((await em.query(lock, params)) as { used: number }[])[0].used;
  }
}
