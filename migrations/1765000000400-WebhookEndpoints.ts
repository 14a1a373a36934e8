import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Events out (issue 15): the publisher's webhook endpoints, each with its signing secret encrypted at rest. */
export class WebhookEndpoints1765000000400 implements MigrationInterface {
  name = 'WebhookEndpoints1765000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "webhook_endpoints" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "url" text NOT NULL,
      "events" text array NOT NULL,
      "description" text,
      "status" text NOT NULL DEFAULT 'enabled',
      "secret_encrypted" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "ck_webhook_endpoints_status" CHECK ("status" IN ('enabled', 'disabled')),
      CONSTRAINT "pk_webhook_endpoints" PRIMARY KEY ("id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "webhook_endpoints"`);
  }
}
