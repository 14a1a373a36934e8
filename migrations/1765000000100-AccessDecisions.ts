import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access decisions (issue 12): the anonymous limit and the premium benefit in settings, and meter_links, the devices
 * seen signed in as a user in a meter month (its key makes the carry-over of a device's anonymous reads run once).
 */
export class AccessDecisions1765000000100 implements MigrationInterface {
  name = 'AccessDecisions1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "settings" ADD "anonymous_article_limit" integer`);
    await q.query(`ALTER TABLE "settings" ADD "premium_benefit_code" text NOT NULL DEFAULT 'premium_stories'`);
    await q.query(`ALTER TABLE "settings" ADD CONSTRAINT "ck_settings_anonymous_limit"
      CHECK ("anonymous_article_limit" BETWEEN 0 AND 1000 AND "anonymous_article_limit" <= "free_article_limit")`);
    await q.query(`CREATE TABLE "meter_links" (
      "device_id" text NOT NULL,
      "user_id" text NOT NULL,
      "period" text NOT NULL,
      "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_meter_links" PRIMARY KEY ("device_id", "user_id", "period"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "meter_links"`);
    await q.query(`ALTER TABLE "settings" DROP CONSTRAINT "ck_settings_anonymous_limit"`);
    await q.query(`ALTER TABLE "settings" DROP COLUMN "premium_benefit_code"`);
    await q.query(`ALTER TABLE "settings" DROP COLUMN "anonymous_article_limit"`);
  }
}
