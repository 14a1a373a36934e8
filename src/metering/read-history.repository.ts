import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { JobRun } from './job-run.entity';

/** The read history's tables, each keyed by meter month (`period`). */
export const HISTORY_TABLES = ['article_reads', 'meter_counters', 'meter_links'] as const;
export type HistoryTable = (typeof HISTORY_TABLES)[number];

/** Rows deleted per table. */
export type Deleted = Record<HistoryTable, number>;

/**
 * Deletes up to $2 rows of months before $1, as one short statement: the retention job repeats it until nothing is
 * left. Short batches keep each transaction small and let decisions run between them, which matters most on embedded
 * PGlite, whose one connection a single million-row DELETE would hold for seconds. Old months are never written by a
 * read (a read writes the month in force), so these deletes wait on no meter lock and hold none a read needs.
 */
const deleteOlderSql = (table: HistoryTable) => `
WITH d AS (
  DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE period < $1 LIMIT $2) RETURNING 1)
SELECT count(*)::int AS n FROM d`;

/** One viewer's whole history: their own reads and counters, and every device-user link they are either side of. */
const ERASE_SQL: Record<HistoryTable, string> = {
  article_reads: 'WITH d AS (DELETE FROM article_reads WHERE viewer_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d',
  meter_counters: 'WITH d AS (DELETE FROM meter_counters WHERE viewer_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d',
  meter_links: 'WITH d AS (DELETE FROM meter_links WHERE device_id = $1 OR user_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d',
};

/** Deletes of the read history (retention and erasure), and the daily job's claim: the SQL lives here. */
@Injectable()
export class ReadHistoryRepository {
  constructor(@InjectRepository(JobRun) private readonly jobRuns: Repository<JobRun>) {}

  /**
   * Claims a job's run for a day: true for the one caller, on any instance, whose insert made the row. A claim whose
   * run then failed stays claimed; the job deletes by a condition, so the next day's run finishes the work.
   */
  async claim(job: string, day: string, at: Date): Promise<boolean> {
    const sql = 'INSERT INTO job_runs (job, day, started_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1';
    return ((await this.jobRuns.query(sql, [job, day, at])) as unknown[]).length > 0;
  }

  async finish(job: string, day: string, at: Date, result: Deleted): Promise<void> {
    await this.jobRuns.query('UPDATE job_runs SET finished_at = $3, result = $4 WHERE job = $1 AND day = $2', [job, day, at, result]);
  }

  /** One batch of deletes of months before `oldestKept` from one table: the rows deleted. */
  async deleteOlder(table: HistoryTable, oldestKept: string, batch: number): Promise<number> {
    const [{ n }] = (await this.jobRuns.query(deleteOlderSql(table), [oldestKept, batch])) as { n: number }[];
    return n;
  }

  /** Erases one viewer's history in the transaction `em`. */
  async erase(em: EntityManager, viewerId: string): Promise<Deleted> {
    const deleted = {} as Deleted;
    for (const table of HISTORY_TABLES) deleted[table] = ((await em.query(ERASE_SQL[table], [viewerId])) as { n: number }[])[0].n;
    return deleted;
  }
}
