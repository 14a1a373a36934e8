import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The service-wide settings billing staff edit; a single row with id 1. */
@Check('ck_settings_limit', `"free_article_limit" BETWEEN 0 AND 1000`)
@Check('ck_settings_anonymous_limit', `"anonymous_article_limit" BETWEEN 0 AND 1000 AND "anonymous_article_limit" <= "free_article_limit"`)
@Entity('settings')
export class Settings {
  @PrimaryColumn('int')
  id: number;

  @Column('int', { name: 'free_article_limit', default: 5 })
  freeArticleLimit: number;

  @Column('text', { name: 'metered_benefit_code', default: 'premium_stories' })
  meteredBenefitCode: string;

  /** Null: anonymous readers share freeArticleLimit (no registration wall). */
  @Column('int', { name: 'anonymous_article_limit', nullable: true })
  anonymousArticleLimit: number | null;

  @Column('text', { name: 'premium_benefit_code', default: 'premium_stories' })
  premiumBenefitCode: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
