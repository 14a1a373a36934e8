import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { ENV, EnvDto } from '../config/env.schema';
import { EntitlementsService } from '../entitlements/entitlements.service';
import { SettingsService } from '../settings/settings.service';
import { meterWindow } from './domain/meter-window';
import type { MeterReason } from './metering.dto';

export interface MeterReadView {
  allowed: boolean;
  reason: MeterReason;
  freeLimit: number;
  used: number;
  remaining: number;
  resetsAt: string;
}

/**
 * The free-article meter. A viewer holding the metered benefit reads freely and is not counted; anyone else gets
 * each distinct article counted once per calendar month in METER_TIMEZONE, up to the free limit.
 */
@Injectable()
export class MeteringService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: EntitlementsService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    @Inject(ENV) private readonly env: EnvDto,
  ) {}

  async read(viewerId: string, articleId: string): Promise<MeterReadView> {
    const { freeArticleLimit: limit, meteredBenefitCode } = await this.settings.get();
    const now = this.clock.now();
    const { period, resetsAt } = meterWindow(now, this.env.METER_TIMEZONE);
    const view = (allowed: boolean, reason: MeterReason, used: number): MeterReadView => ({
      allowed,
      reason,
      freeLimit: limit,
      used,
      remaining: Math.max(0, limit - used),
      resetsAt: resetsAt.toISOString(),
    });

    if ((await this.entitlements.check(viewerId, meteredBenefitCode)).granted) {
      const rows = (await this.dataSource.query('SELECT used FROM meter_counters WHERE viewer_id = $1 AND period = $2', [viewerId, period])) as {
        used: number;
      }[];
      return view(true, 'entitled', rows[0]?.used ?? 0);
    }

    return this.dataSource.transaction(async (em) => {
      const used = await this.lockCounter(em, viewerId, period);
      const seen = (await em.query('SELECT 1 FROM article_reads WHERE viewer_id = $1 AND period = $2 AND article_id = $3', [
        viewerId,
        period,
        articleId,
      ])) as unknown[];
      if (seen.length) return view(true, 'free_quota', used);
      if (used >= limit) return view(false, 'limit_reached', used);
      const result = (await em.query(
        `WITH ins AS (
           INSERT INTO article_reads (viewer_id, period, article_id, read_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING 1)
         UPDATE meter_counters SET used = used + (SELECT count(*)::int FROM ins)
         WHERE viewer_id = $1 AND period = $2 RETURNING used`,
        [viewerId, period, articleId, now],
      )) as [{ used: number }[], number];
      // TypeORM answers an UPDATE with [rows, rowCount].
      return view(true, 'free_quota', result[0][0].used);
    });
  }

  /**
   * Creates the viewer-month counter if missing and locks it until commit: every read of one viewer in one month
   * runs its check-then-count under this row lock, on every instance, so concurrent reads cannot pass the limit.
   * The article_reads check must be a separate, later statement: under READ COMMITTED only a statement started after
   * the lock was granted sees the read the previous holder committed.
   */
  private async lockCounter(em: EntityManager, viewerId: string, period: string): Promise<number> {
    await em.query('INSERT INTO meter_counters (viewer_id, period, used) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING', [viewerId, period]);
    const [row] = (await em.query('SELECT used FROM meter_counters WHERE viewer_id = $1 AND period = $2 FOR UPDATE', [viewerId, period])) as {
      used: number;
    }[];
    return row.used;
  }
}
