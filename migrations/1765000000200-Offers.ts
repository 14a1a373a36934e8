import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offers (issue 13): offers and the plans they apply to, their redemptions (reservations while a Checkout Session is
 * open), and what a subscription shows of its offer and trial.
 */
export class Offers1765000000200 implements MigrationInterface {
  name = 'Offers1765000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "offers" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "code" text NOT NULL,
      "name" text NOT NULL,
      "kind" text NOT NULL,
      "trial_days" integer,
      "intro_price_minor" bigint,
      "intro_periods" integer,
      "percent_off" integer,
      "promotion_code" text,
      "first_time_only" boolean NOT NULL DEFAULT true,
      "max_redemptions" integer,
      "starts_at" TIMESTAMP WITH TIME ZONE,
      "ends_at" TIMESTAMP WITH TIME ZONE,
      "redemption" text NOT NULL DEFAULT 'signup',
      "status" text NOT NULL DEFAULT 'active',
      "stripe_promotion_code_id" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "ck_offers_kind" CHECK ("kind" IN ('trial', 'intro_price', 'percent_off')),
      CONSTRAINT "ck_offers_status" CHECK ("status" IN ('draft', 'active', 'archived')),
      CONSTRAINT "ck_offers_redemption" CHECK ("redemption" IN ('signup', 'retention')),
      CONSTRAINT "pk_offers" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_offers_code" ON "offers" ("code")`);
    // "Unique among live offers": an archived offer's code may be used again by a new one.
    await q.query(`CREATE UNIQUE INDEX "uq_offers_live_promotion_code" ON "offers" ("promotion_code") WHERE "status" <> 'archived'`);
    await q.query(`CREATE TABLE "offer_plans" (
      "offer_id" uuid NOT NULL,
      "plan_id" uuid NOT NULL,
      CONSTRAINT "pk_offer_plans" PRIMARY KEY ("offer_id", "plan_id"),
      CONSTRAINT "fk_offer_plans_offer" FOREIGN KEY ("offer_id") REFERENCES "offers"("id") ON DELETE CASCADE ON UPDATE CASCADE,
      CONSTRAINT "fk_offer_plans_plan" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE)`);
    // The names TypeORM gives a many-to-many join table's indexes (so the schema check finds no drift).
    await q.query(`CREATE INDEX "IDX_ce4c68881ad7f57a8ab86763a7" ON "offer_plans" ("offer_id")`);
    await q.query(`CREATE INDEX "IDX_4886e5924729b7662ee2f81e76" ON "offer_plans" ("plan_id")`);
    await q.query(`CREATE TABLE "offer_redemptions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "offer_id" uuid NOT NULL,
      "user_id" text NOT NULL,
      "status" text NOT NULL,
      "checkout_session_id" text,
      "stripe_subscription_id" text,
      "reserved_until" TIMESTAMP WITH TIME ZONE,
      "redeemed_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "ck_offer_redemptions_status" CHECK ("status" IN ('reserved', 'redeemed', 'released')),
      CONSTRAINT "pk_offer_redemptions" PRIMARY KEY ("id"),
      CONSTRAINT "fk_offer_redemptions_offer" FOREIGN KEY ("offer_id") REFERENCES "offers"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "ix_offer_redemptions_offer" ON "offer_redemptions" ("offer_id", "status")`);
    await q.query(`CREATE UNIQUE INDEX "uq_offer_redemptions_subscription" ON "offer_redemptions" ("offer_id", "stripe_subscription_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_offer_redemptions_checkout_session" ON "offer_redemptions" ("checkout_session_id")`);
    await q.query(`ALTER TABLE "subscriptions" ADD "offer_code" text`);
    await q.query(`ALTER TABLE "subscriptions" ADD "offer_kind" text`);
    await q.query(`ALTER TABLE "subscriptions" ADD "offer_ends_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "subscriptions" ADD "trial_end" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "subscriptions" DROP COLUMN "trial_end"`);
    await q.query(`ALTER TABLE "subscriptions" DROP COLUMN "offer_ends_at"`);
    await q.query(`ALTER TABLE "subscriptions" DROP COLUMN "offer_kind"`);
    await q.query(`ALTER TABLE "subscriptions" DROP COLUMN "offer_code"`);
    await q.query(`DROP TABLE "offer_redemptions"`);
    await q.query(`DROP TABLE "offer_plans"`);
    await q.query(`DROP TABLE "offers"`);
  }
}
