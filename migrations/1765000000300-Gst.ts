import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GST (issue 14): the publisher's registration, readers' billing details, tax invoices and credit notes, and the
 * counters that number them gap-free per kind and financial year.
 */
export class Gst1765000000300 implements MigrationInterface {
  name = 'Gst1765000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "tax_settings" (
      "id" integer NOT NULL,
      "gstin" text NOT NULL,
      "legal_name" text NOT NULL,
      "address" text NOT NULL,
      "state_code" text NOT NULL,
      "rate_bp" integer NOT NULL,
      "sac_code" text NOT NULL,
      "invoice_prefix" text NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "ck_tax_settings_single" CHECK ("id" = 1),
      CONSTRAINT "pk_tax_settings" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "billing_details" (
      "user_id" text NOT NULL,
      "name" text NOT NULL,
      "state_code" text NOT NULL,
      "gstin" text,
      "address" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_billing_details" PRIMARY KEY ("user_id"))`);
    await q.query(`CREATE TABLE "tax_invoice_counters" (
      "kind" text NOT NULL,
      "financial_year" text NOT NULL,
      "last_seq" integer NOT NULL,
      CONSTRAINT "pk_tax_invoice_counters" PRIMARY KEY ("kind", "financial_year"))`);
    await q.query(`CREATE TABLE "tax_invoices" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "kind" text NOT NULL,
      "number" text NOT NULL,
      "financial_year" text NOT NULL,
      "seq" integer NOT NULL,
      "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "user_id" text,
      "stripe_invoice_id" text NOT NULL,
      "stripe_refund_id" text,
      "original_id" uuid,
      "supplier_gstin" text NOT NULL,
      "supplier_legal_name" text NOT NULL,
      "supplier_address" text NOT NULL,
      "supplier_state_code" text NOT NULL,
      "recipient_name" text,
      "recipient_gstin" text,
      "recipient_state_code" text,
      "recipient_address" text,
      "place_of_supply" text NOT NULL,
      "sac_code" text NOT NULL,
      "rate_bp" integer NOT NULL,
      "description" text NOT NULL,
      "currency" character(3) NOT NULL,
      "taxable_minor" bigint NOT NULL,
      "cgst_minor" bigint NOT NULL,
      "sgst_minor" bigint NOT NULL,
      "igst_minor" bigint NOT NULL,
      "total_minor" bigint NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "ck_tax_invoices_kind" CHECK ("kind" IN ('invoice', 'credit_note')),
      CONSTRAINT "ck_tax_invoices_sum" CHECK ("taxable_minor" + "cgst_minor" + "sgst_minor" + "igst_minor" = "total_minor"),
      CONSTRAINT "pk_tax_invoices" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_tax_invoices_number" ON "tax_invoices" ("number")`);
    await q.query(`CREATE UNIQUE INDEX "uq_tax_invoices_series" ON "tax_invoices" ("kind", "financial_year", "seq")`);
    // Exactly one tax invoice per Stripe invoice (a credit note names the same Stripe invoice, once per refund).
    await q.query(`CREATE UNIQUE INDEX "uq_tax_invoices_stripe_invoice" ON "tax_invoices" ("stripe_invoice_id") WHERE "kind" = 'invoice'`);
    await q.query(`CREATE UNIQUE INDEX "uq_tax_invoices_stripe_refund" ON "tax_invoices" ("stripe_refund_id")`);
    await q.query(`CREATE INDEX "ix_tax_invoices_user" ON "tax_invoices" ("user_id", "issued_at")`);
    await q.query(`CREATE INDEX "ix_tax_invoices_issued_at" ON "tax_invoices" ("issued_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "tax_invoices"`);
    await q.query(`DROP TABLE "tax_invoice_counters"`);
    await q.query(`DROP TABLE "billing_details"`);
    await q.query(`DROP TABLE "tax_settings"`);
  }
}
