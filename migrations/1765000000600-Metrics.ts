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
    // The subscriptions already stored: their current state, as from their creation (Stripe's `created`). Today's
    // figures are then exact; earlier months assume each held that state throughout (an ended one never counted).
    await q.query(`INSERT INTO "subscription_history" ("subscription_id", "recorded_at", "status", "plan_id", "plan_price_id",
        "amount_minor", "currency", "interval_months", "cancel_at_period_end", "offer_code", "discount_kind", "discount_value",
        "discount_ends_at", "current_period_start", "current_period_end")
      SELECT s."id", coalesce(s."stripe_created_at", s."created_at"), s."status", s."plan_id", s."plan_price_id", s."amount_minor",
        s."currency", p."interval_months", s."cancel_at_period_end", s."offer_code", o."kind",
        CASE o."kind" WHEN 'percent_off' THEN o."percent_off" ELSE o."intro_price_minor" END, CASE WHEN o."id" IS NOT NULL THEN s."offer_ends_at" END,
        s."current_period_start", s."current_period_end"
      FROM "subscriptions" s
      LEFT JOIN "plans" p ON p."id" = s."plan_id"
      LEFT JOIN "offers" o ON o."code" = s."offer_code" AND s."offer_kind" IS DISTINCT FROM 'trial' AND o."kind" IN ('percent_off', 'intro_price')
      ORDER BY 2, s."id"`);
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
