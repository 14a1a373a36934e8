import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { CatalogRepository } from '../catalog/catalog.repository';
import { afterCommit } from '../common/after-commit';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { Transactions } from '../database/transactions';
import { TtlCache } from '../common/ttl-cache';
import { ENV, EnvDto } from '../config/env.schema';
import { Settings } from './setting.entity';
import type { SettingsUpdateDto } from './settings.dto';

export interface SettingsView {
  freeArticleLimit: number;
  meteredBenefitCode: string;
  updatedAt: string;
}

const toView = (s: Settings): SettingsView => ({
  freeArticleLimit: s.freeArticleLimit,
  meteredBenefitCode: s.meteredBenefitCode,
  updatedAt: s.updatedAt.toISOString(),
});

/** The cache key of the one settings row. */
const SETTINGS = 'settings';

/**
 * The service-wide settings (row id 1). Read on every meter read, so cached per instance for CACHE_TTL_SECONDS:
 * a change applies at once on the instance that made it and on every other instance within that bound.
 */
@Injectable()
export class SettingsService {
  private readonly cache: TtlCache<SettingsView>;

  constructor(
    @InjectRepository(Settings) private readonly rows: Repository<Settings>,
    private readonly tx: Transactions,
    private readonly catalog: CatalogRepository,
    private readonly audit: AuditService,
    @Inject(ENV) env: EnvDto,
    clock: Clock,
  ) {
    this.cache = new TtlCache({ ttlMs: env.CACHE_TTL_SECONDS * 1000, maxEntries: 1, clock, jitter: false });
  }

  get(): Promise<SettingsView> {
    return this.cache.load(SETTINGS, async () => toView(await this.rows.findOneByOrFail({ id: 1 })));
  }

  async update(actor: Actor, dto: SettingsUpdateDto): Promise<SettingsView> {
    if (dto.freeArticleLimit === undefined && dto.meteredBenefitCode === undefined) {
      throw new DomainError('VALIDATION_FAILED', 'Give at least one of freeArticleLimit, meteredBenefitCode', [
        { message: 'Give at least one of freeArticleLimit, meteredBenefitCode' },
      ]);
    }
    return this.tx.run(async (em) => {
      afterCommit(em, () => this.cache.invalidate(SETTINGS));
      const row = await em.findOneOrFail(Settings, { where: { id: 1 }, lock: { mode: 'pessimistic_write' } });
      if (dto.meteredBenefitCode !== undefined && !(await this.catalog.benefitExists(dto.meteredBenefitCode, em))) {
        throw new DomainError('UNKNOWN_BENEFIT', `No benefit with code ${dto.meteredBenefitCode}`, [
          { field: 'meteredBenefitCode', message: `No benefit with code ${dto.meteredBenefitCode}` },
        ]);
      }
      const before = toView(row);
      if (dto.freeArticleLimit !== undefined) row.freeArticleLimit = dto.freeArticleLimit;
      if (dto.meteredBenefitCode !== undefined) row.meteredBenefitCode = dto.meteredBenefitCode;
      const saved = await em.save(row);
      await this.audit.record(em, actor, 'settings.update', 'settings', '1', before, toView(saved));
      return toView(saved);
    });
  }
}
