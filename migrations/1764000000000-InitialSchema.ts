import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "api_keys" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" text NOT NULL,
      "role" text NOT NULL,
      "key_hash" text NOT NULL,
      "key_prefix" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_api_keys" PRIMARY KEY ("id"),
      CONSTRAINT "ck_api_keys_role" CHECK ("role" IN ('admin', 'paywall')))`);
    await q.query(`CREATE UNIQUE INDEX "uq_api_keys_key_hash" ON "api_keys" ("key_hash")`);

    await q.query(`CREATE TABLE "audit_log" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "actor" text NOT NULL,
      "actor_key_id" uuid,
      "action" text NOT NULL,
      "entity_type" text NOT NULL,
      "entity_id" text NOT NULL,
      "before" jsonb,
      "after" jsonb,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_audit_log" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_audit_log_created_at" ON "audit_log" ("created_at")`);

    await q.query(`CREATE TABLE "benefits" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "code" text NOT NULL,
      "name" text NOT NULL,
      "description" text NOT NULL DEFAULT '',
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_benefits" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_benefits_code" ON "benefits" ("code")`);

    await q.query(`CREATE TABLE "plans" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "code" text NOT NULL,
      "name" text NOT NULL,
      "description" text NOT NULL DEFAULT '',
      "interval_months" integer NOT NULL,
      "status" text NOT NULL DEFAULT 'active',
      "sort_order" integer NOT NULL DEFAULT 0,
      "current_price_id" uuid,
      "stripe_product_id" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_plans" PRIMARY KEY ("id"),
      CONSTRAINT "ck_plans_interval" CHECK ("interval_months" BETWEEN 1 AND 36),
      CONSTRAINT "ck_plans_status" CHECK ("status" IN ('draft', 'active', 'archived')))`);
    await q.query(`CREATE UNIQUE INDEX "uq_plans_code" ON "plans" ("code")`);

    await q.query(`CREATE TABLE "plan_prices" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "plan_id" uuid NOT NULL,
      "version" integer NOT NULL,
      "amount_minor" bigint NOT NULL,
      "currency" character(3) NOT NULL,
      "stripe_price_id" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_plan_prices" PRIMARY KEY ("id"),
      CONSTRAINT "ck_plan_prices_amount" CHECK ("amount_minor" >= 0))`);
    await q.query(`CREATE UNIQUE INDEX "uq_plan_prices_plan_version" ON "plan_prices" ("plan_id", "version")`);
    await q.query(`CREATE UNIQUE INDEX "uq_plan_prices_stripe_price_id" ON "plan_prices" ("stripe_price_id") WHERE stripe_price_id IS NOT NULL`);
    await q.query(`ALTER TABLE "plan_prices" ADD CONSTRAINT "fk_plan_prices_plan"
      FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "plans" ADD CONSTRAINT "fk_plans_current_price"
      FOREIGN KEY ("current_price_id") REFERENCES "plan_prices"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);

    await q.query(`CREATE TABLE "plan_benefits" (
      "plan_id" uuid NOT NULL,
      "benefit_id" uuid NOT NULL,
      "position" integer NOT NULL DEFAULT 0,
      CONSTRAINT "pk_plan_benefits" PRIMARY KEY ("plan_id", "benefit_id"))`);
    await q.query(`ALTER TABLE "plan_benefits" ADD CONSTRAINT "fk_plan_benefits_plan"
      FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "plan_benefits" ADD CONSTRAINT "fk_plan_benefits_benefit"
      FOREIGN KEY ("benefit_id") REFERENCES "benefits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    await q.query(`CREATE TABLE "customers" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "user_id" text NOT NULL,
      "stripe_customer_id" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_customers" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_customers_user_id" ON "customers" ("user_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_customers_stripe_customer_id" ON "customers" ("stripe_customer_id")`);

    await q.query(`CREATE TABLE "subscriptions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "stripe_subscription_id" text NOT NULL,
      "user_id" text,
      "stripe_customer_id" text NOT NULL,
      "plan_id" uuid,
      "plan_price_id" uuid,
      "stripe_price_id" text,
      "status" text NOT NULL,
      "amount_minor" bigint,
      "currency" character(3),
      "current_period_start" TIMESTAMP WITH TIME ZONE,
      "current_period_end" TIMESTAMP WITH TIME ZONE,
      "cancel_at_period_end" boolean NOT NULL DEFAULT false,
      "canceled_at" TIMESTAMP WITH TIME ZONE,
      "ended_at" TIMESTAMP WITH TIME ZONE,
      "stripe_created_at" TIMESTAMP WITH TIME ZONE,
      "metadata" jsonb NOT NULL DEFAULT '{}',
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_subscriptions" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_subscriptions_stripe_subscription_id" ON "subscriptions" ("stripe_subscription_id")`);
    await q.query(`CREATE INDEX "ix_subscriptions_user_id" ON "subscriptions" ("user_id")`);

    await q.query(`CREATE TABLE "invoices" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "stripe_invoice_id" text NOT NULL,
      "stripe_subscription_id" text,
      "stripe_customer_id" text,
      "user_id" text,
      "status" text NOT NULL,
      "total_minor" bigint NOT NULL,
      "amount_paid_minor" bigint NOT NULL,
      "currency" character(3) NOT NULL,
      "billing_reason" text,
      "period_start" TIMESTAMP WITH TIME ZONE,
      "period_end" TIMESTAMP WITH TIME ZONE,
      "hosted_invoice_url" text,
      "paid_at" TIMESTAMP WITH TIME ZONE,
      "stripe_created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_invoices" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_invoices_stripe_invoice_id" ON "invoices" ("stripe_invoice_id")`);
    await q.query(`CREATE INDEX "ix_invoices_user_created" ON "invoices" ("user_id", "stripe_created_at")`);

    await q.query(`CREATE TABLE "webhook_events" (
      "id" text NOT NULL,
      "type" text NOT NULL,
      "status" text NOT NULL DEFAULT 'received',
      "object_id" text,
      "payload" jsonb NOT NULL,
      "attempts" integer NOT NULL DEFAULT 0,
      "last_error" text,
      "stripe_created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "processed_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_webhook_events" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_webhook_events_status_received" ON "webhook_events" ("status", "received_at")`);

    await q.query(`CREATE TABLE "grants" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "user_id" text NOT NULL,
      "benefit_code" text NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "reason" text NOT NULL,
      "created_by" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_grants" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_grants_user_id" ON "grants" ("user_id")`);

    await q.query(`CREATE TABLE "article_reads" (
      "viewer_id" text NOT NULL,
      "period" text NOT NULL,
      "article_id" text NOT NULL,
      "read_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_article_reads" PRIMARY KEY ("viewer_id", "period", "article_id"))`);

    await q.query(`CREATE TABLE "meter_counters" (
      "viewer_id" text NOT NULL,
      "period" text NOT NULL,
      "used" integer NOT NULL DEFAULT 0,
      CONSTRAINT "pk_meter_counters" PRIMARY KEY ("viewer_id", "period"))`);

    await q.query(`CREATE TABLE "settings" (
      "id" integer NOT NULL,
      "free_article_limit" integer NOT NULL DEFAULT 5,
      "metered_benefit_code" text NOT NULL DEFAULT 'premium_stories',
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_settings" PRIMARY KEY ("id"),
      CONSTRAINT "ck_settings_limit" CHECK ("free_article_limit" BETWEEN 0 AND 1000))`);
    await q.query(`INSERT INTO "settings" ("id") VALUES (1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'settings',
      'meter_counters',
      'article_reads',
      'grants',
      'webhook_events',
      'invoices',
      'subscriptions',
      'customers',
      'plan_benefits',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`ALTER TABLE "plans" DROP CONSTRAINT "fk_plans_current_price"`);
    for (const table of ['plan_prices', 'plans', 'benefits', 'audit_log', 'api_keys']) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
