import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log in commit order. created_at used to be now(), the transaction's start, taken before the writer waited
 * for its row lock, so concurrent writes to one row were listed in the order they began, not the order they took
 * effect. seq is drawn at insert, and every writer inserts its entry after taking the lock on the row it changes, so
 * for one row seq order is commit order; created_at becomes the clock at insert for the same reason.
 */
export class AuditLogSeq1765000000001 implements MigrationInterface {
  name = 'AuditLogSeq1765000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit_log" ADD "seq" bigint`);
    // Existing entries keep the order they were listed in.
    await q.query(`UPDATE "audit_log" SET "seq" = o."n"
      FROM (SELECT "id", row_number() OVER (ORDER BY "created_at", "id") AS "n" FROM "audit_log") o
      WHERE "audit_log"."id" = o."id"`);
    await q.query(`ALTER TABLE "audit_log" ALTER COLUMN "seq" SET NOT NULL`);
    await q.query(`ALTER TABLE "audit_log" ALTER COLUMN "seq" ADD GENERATED ALWAYS AS IDENTITY`);
    await q.query(`SELECT setval(pg_get_serial_sequence('"audit_log"', 'seq'), (SELECT coalesce(max("seq"), 0) + 1 FROM "audit_log"), false)`);
    await q.query(`CREATE UNIQUE INDEX "uq_audit_log_seq" ON "audit_log" ("seq")`);
    await q.query(`ALTER TABLE "audit_log" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit_log" ALTER COLUMN "created_at" SET DEFAULT now()`);
    await q.query(`DROP INDEX "uq_audit_log_seq"`);
    await q.query(`ALTER TABLE "audit_log" DROP COLUMN "seq"`);
  }
}
