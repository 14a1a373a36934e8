import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored Stripe events keep their verified bytes (`raw_body`), so text PostgreSQL refuses in a payload is replaced in
 * the jsonb copy but never lost, and `created` as received (`stripe_created`), so a value no timestamp can hold
 * leaves `stripe_created_at` null instead of failing the insert.
 */
export class WebhookRawBody1765000000000 implements MigrationInterface {
  name = 'WebhookRawBody1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "webhook_events" ADD "raw_body" bytea`);
    await q.query(`ALTER TABLE "webhook_events" ADD "stripe_created" double precision`);
    await q.query(`UPDATE "webhook_events" SET "stripe_created" = extract(epoch FROM "stripe_created_at")`);
    await q.query(`ALTER TABLE "webhook_events" ALTER COLUMN "stripe_created" SET NOT NULL`);
    await q.query(`ALTER TABLE "webhook_events" ALTER COLUMN "stripe_created_at" DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Keep every event: a `created` outside years 1-9999 becomes the nearest end of that range.
    await q.query(`UPDATE "webhook_events"
      SET "stripe_created_at" = to_timestamp(LEAST(GREATEST("stripe_created", -62135596800), 253402300799))
      WHERE "stripe_created_at" IS NULL`);
    await q.query(`ALTER TABLE "webhook_events" ALTER COLUMN "stripe_created_at" SET NOT NULL`);
    await q.query(`ALTER TABLE "webhook_events" DROP COLUMN "stripe_created"`);
    await q.query(`ALTER TABLE "webhook_events" DROP COLUMN "raw_body"`);
  }
}
