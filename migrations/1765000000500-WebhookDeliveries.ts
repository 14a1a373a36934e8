import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events out (issue 15): the transactional outbox (one row per event, written in the transaction of the change it
 * reports), one delivery row per (event, endpoint), and an endpoint's failing streak (disabled after three days).
 */
export class WebhookDeliveries1765000000500 implements MigrationInterface {
  name = 'WebhookDeliveries1765000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "outbox_events" (
      "id" text NOT NULL,
      "type" text NOT NULL,
      "data" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "fanned_out" boolean NOT NULL DEFAULT false,
      CONSTRAINT "pk_outbox_events" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_outbox_events_not_fanned_out" ON "outbox_events" ("created_at") WHERE "fanned_out" = false`);
    await q.query(`CREATE TABLE "webhook_deliveries" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "event_id" text NOT NULL,
      "endpoint_id" uuid NOT NULL,
      "status" text NOT NULL DEFAULT 'pending',
      "attempts" integer NOT NULL DEFAULT 0,
      "next_attempt_at" TIMESTAMP WITH TIME ZONE,
      "lease_until" TIMESTAMP WITH TIME ZONE,
      "last_attempt_at" TIMESTAMP WITH TIME ZONE,
      "last_status_code" integer,
      "last_error" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "delivered_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "ck_webhook_deliveries_status" CHECK ("status" IN ('pending', 'succeeded', 'failed')),
      CONSTRAINT "uq_webhook_deliveries_event_endpoint" UNIQUE ("event_id", "endpoint_id"),
      CONSTRAINT "fk_webhook_deliveries_event" FOREIGN KEY ("event_id") REFERENCES "outbox_events"("id") ON DELETE CASCADE,
      CONSTRAINT "fk_webhook_deliveries_endpoint" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE,
      CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_webhook_deliveries_due" ON "webhook_deliveries" ("next_attempt_at") WHERE "status" = 'pending'`);
    await q.query(`CREATE INDEX "ix_webhook_deliveries_endpoint_created" ON "webhook_deliveries" ("endpoint_id", "created_at")`);
    await q.query(`ALTER TABLE "webhook_endpoints" ADD "failing_since" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "webhook_endpoints" ADD "disabled_reason" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "webhook_endpoints" DROP COLUMN "disabled_reason"`);
    await q.query(`ALTER TABLE "webhook_endpoints" DROP COLUMN "failing_since"`);
    await q.query(`DROP TABLE "webhook_deliveries"`);
    await q.query(`DROP TABLE "outbox_events"`);
  }
}
