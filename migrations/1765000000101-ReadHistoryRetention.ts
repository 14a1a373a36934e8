import type { MigrationInterface, QueryRunner } from 'typeorm';

/** job_runs: one row per daily job and day, claimed by the instance that runs it (its key makes the run once). */
export class ReadHistoryRetention1765000000101 implements MigrationInterface {
  name = 'ReadHistoryRetention1765000000101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "job_runs" (
      "job" text NOT NULL,
      "day" text NOT NULL,
      "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "finished_at" TIMESTAMP WITH TIME ZONE,
      "result" jsonb,
      CONSTRAINT "pk_job_runs" PRIMARY KEY ("job", "day"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "job_runs"`);
  }
}
