import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { MeterCounter } from './meter-counter.entity';

/** A viewer's month as stored, for one article (see STATE_SQL); null when nothing is counted yet. */
export interface StoredMonth {
  used: number;
  seen: boolean;
  /** Every counted article once the count has reached the limit asked about; else null. */
  articles: string[] | null;
}

/** A read counted (or not) under the viewer-month lock: the locked count, and the new count if this read counted. */
export interface LockedCount {
  seen: boolean;
  used: number;
  counted: number | null;
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
 * Carry-over, under the user-month lock, in ONE statement: link the device to the user for the month (its primary key
 * makes this run once, on any instance); only if this statement made the link, copy the device's counted articles of
 * the month into the user's (an article already counted for the user conflicts and is skipped: a union) and add what
 * was copied to the user's count. Answers the user's new count, or nothing when the device was already linked.
 * `used + copied` is exact: under the lock the user's count is the number of their stored reads. The union may take
 * the user past the limit: these are articles the reader has already read this month, so they stay re-readable and
 * the count shows them; nothing new is opened by it. The device's month is not locked (a read counted on it while
 * this runs may or may not be carried), so no two locks are ever taken in an order another transaction reverses.
 */
const CARRY_OVER_SQL = `
WITH link AS (
  INSERT INTO meter_links (device_id, user_id, period, linked_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1),
copied AS (
  INSERT INTO article_reads (viewer_id, period, article_id, read_at)
  SELECT $2, period, article_id, read_at FROM article_reads
  WHERE viewer_id = $1 AND period = $3 AND EXISTS (SELECT 1 FROM link)
  ON CONFLICT DO NOTHING RETURNING 1),
upd AS (
  UPDATE meter_counters SET used = used + (SELECT count(*) FROM copied)::int
  WHERE viewer_id = $2 AND period = $3 AND EXISTS (SELECT 1 FROM link) RETURNING used)
SELECT used FROM upd`;

/** A wall a viewer meets (access decisions' `wall`, 'none' aside). */
export type MetWall = 'registration' | 'subscription';

/**
 * The first time a viewer meets a wall in a month: stamp it on their counter row (created at 0 when missing: a premium
 * story's wall counts no read), only if not stamped yet. Rows are locked only for the instant of this statement.
 */
const WALL_SQL: Record<MetWall, string> = {
  registration: `INSERT INTO meter_counters (viewer_id, period, used, registration_wall_at) VALUES ($1, $2, 0, $3)
    ON CONFLICT (viewer_id, period) DO UPDATE SET registration_wall_at = EXCLUDED.registration_wall_at
    WHERE meter_counters.registration_wall_at IS NULL`,
  subscription: `INSERT INTO meter_counters (viewer_id, period, used, subscription_wall_at) VALUES ($1, $2, 0, $3)
    ON CONFLICT (viewer_id, period) DO UPDATE SET subscription_wall_at = EXCLUDED.subscription_wall_at
    WHERE meter_counters.subscription_wall_at IS NULL`,
};

/**
 * A meter month's funnel. Viewers: the month's counters (a device's or a signed-in user's meter), less devices linked
 * that month to a user who has a counter too, so a reader who signed in counts once. Walls: counters stamped.
 */
const FUNNEL_SQL = `
SELECT count(*) FILTER (WHERE NOT EXISTS (
         SELECT 1 FROM meter_links l JOIN meter_counters u ON u.viewer_id = l.user_id AND u.period = l.period
         WHERE l.device_id = c.viewer_id AND l.period = c.period))::int AS viewers,
       count(c.registration_wall_at)::int AS "registrationWalls",
       count(c.subscription_wall_at)::int AS "subscriptionWalls"
FROM meter_counters c WHERE c.period = $1`;

/** What the meter knows of a month's paywall funnel. */
export interface MeterFunnel {
  viewers: number;
  registrationWalls: number;
  subscriptionWalls: number;
}

/** The meter's SQL: meter_counters, article_reads and meter_links, read and written only here. */
@Injectable()
export class MeteringRepository {
  constructor(@InjectRepository(MeterCounter) private readonly counters: Repository<MeterCounter>) {}

  /**
   * Lock-free look at a viewer's month. A month's count only grows and counted reads are never removed, so what it
   * shows is final for a re-read (allowed) and for a new article at or past the limit (refused).
   */
  async month(viewerId: string, period: string, articleId: string, limit: number): Promise<StoredMonth | null> {
    const [state] = (await this.counters.query(STATE_SQL, [viewerId, period, articleId, limit])) as StoredMonth[];
    return state ?? null;
  }

  /** FIRST_READ_SQL: the new count (1), or null when the viewer-month's counter already existed. */
  async countFirstRead(viewerId: string, period: string, articleId: string, at: Date): Promise<number | null> {
    const [created] = (await this.counters.query(FIRST_READ_SQL, [viewerId, period, articleId, at])) as { used: number }[];
    return created?.used ?? null;
  }

  /** Counts the read if new and under the limit, under the viewer-month lock of the transaction `em`. */
  async countLocked(em: EntityManager, viewerId: string, period: string, articleId: string, at: Date, limit: number): Promise<LockedCount> {
    const used = await this.lockCounter(em, viewerId, period);
    const [outcome] = (await em.query(COUNT_READ_SQL, [viewerId, period, articleId, at, limit, used])) as { seen: boolean; used: number | null }[];
    return { seen: outcome.seen, used, counted: outcome.used };
  }

  /** Whether the device was already linked to the user this month (lock-free: a link is never undone in its month). */
  async linked(deviceId: string, userId: string, period: string): Promise<boolean> {
    const sql = 'SELECT 1 FROM meter_links WHERE device_id = $1 AND user_id = $2 AND period = $3';
    return ((await this.counters.query(sql, [deviceId, userId, period])) as unknown[]).length > 0;
  }

  /** CARRY_OVER_SQL under the user-month lock: the user's new count, or null when the device was already linked. */
  carryOver(deviceId: string, userId: string, period: string, at: Date): Promise<number | null> {
    return this.counters.manager.transaction(async (em) => {
      await this.lockCounter(em, userId, period);
      const [linked] = (await em.query(CARRY_OVER_SQL, [deviceId, userId, period, at])) as { used: number }[];
      return linked?.used ?? null;
    });
  }

  /** WALL_SQL: stamps the wall on the viewer's month unless already stamped. */
  async recordWall(viewerId: string, period: string, wall: MetWall, at: Date): Promise<void> {
    await this.counters.query(WALL_SQL[wall], [viewerId, period, at]);
  }

  async funnel(period: string): Promise<MeterFunnel> {
    const [row] = (await this.counters.query(FUNNEL_SQL, [period])) as MeterFunnel[];
    return row;
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
