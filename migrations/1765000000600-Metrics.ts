import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Metrics (issue 15): the subscription history the sync appends to (a past month's figures never change), the Checkout
 * Sessions started, and on each viewer-month meter counter when the viewer first met each wall (set once, so the
 * funnel counts viewers, and a decision writes nothing after the first).
 */
export class Metrics1765000000600 implements MigrationInterface {
  name = 'Metrics1765000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "subscription_history" (
      "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "subscription_id" uuid NOT NULL,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "status" text NOT NULL,
      "plan_id" uuid,
      "plan_price_id" uuid,
      "amount_minor" bigint,
      "currency" character(3),
      "interval_months" integer,
      "cancel_at_period_end" boolean NOT NULL,
      "offer_code" text,
      "discount_kind" text,
      "discount_value" bigint,
      "discount_ends_at" TIMESTAMP WITH TIME ZONE,
      "current_period_start" TIMESTAMP WITH TIME ZONE,
      "current_period_end" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_subscription_history" PRIMARY KEY ("seq"))`);
    await q.query(`CREATE INDEX "ix_subscription_history_recorded_at" ON "subscription_history" ("recorded_at")`);
    await q.query(`CREATE INDEX "ix_subscription_history_subscription" ON "subscription_history" ("subscription_id", "seq")`);
    await q.query(`CREATE TABLE "checkout_starts" (
      "stripe_session_id" text NOT NULL,
      "user_id" text NOT NULL,
      "plan_id" uuid NOT NULL,
      "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "pk_checkout_starts" PRIMARY KEY ("stripe_session_id"))`);
    await q.query(`CREATE INDEX "ix_checkout_starts_started_at" ON "checkout_starts" ("started_at")`);
    await q.query(`ALTER TABLE "meter_counters" ADD "registration_wall_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "meter_counters" ADD "subscription_wall_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "meter_counters" DROP COLUMN "subscription_wall_at"`);
    await q.query(`ALTER TABLE "meter_counters" DROP COLUMN "registration_wall_at"`);
    await q.query(`DROP TABLE "checkout_starts"`);
    await q.query(`DROP TABLE "subscription_history"`);
  }
}
