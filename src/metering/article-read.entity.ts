import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One counted article for one viewer in one meter month ("2026-11" in METER_TIMEZONE). */
@Entity('article_reads')
export class ArticleRead {
  @PrimaryColumn('text', { name: 'viewer_id' })
  viewerId: string;

  @PrimaryColumn('text', { name: 'period' })
  period: string;

  @PrimaryColumn('text', { name: 'article_id' })
  articleId: string;

  @CreateDateColumn({ name: 'read_at', type: 'timestamptz' })
  readAt: Date;
}
