import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { CatalogRepository } from '../catalog/catalog.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { Invalidations } from '../database/invalidations';
import { Transactions } from '../database/transactions';
import { TtlCache } from '../common/ttl-cache';
import { ENV, EnvDto } from '../config/env.schema';
import { Settings } from './setting.entity';
import type { SettingsUpdateDto } from './settings.dto';

export interface SettingsView {
  freeArticleLimit: number;
  anonymousArticleLimit: number | null;
  meteredBenefitCode: string;
  premiumBenefitCode: string;
  updatedAt: string;
}

const toView = (s: Settings): SettingsView => ({
  freeArticleLimit: s.freeArticleLimit,
  anonymousArticleLimit: s.anonymousArticleLimit,
  meteredBenefitCode: s.meteredBenefitCode,
  premiumBenefitCode: s.premiumBenefitCode,
  updatedAt: s.updatedAt.toISOString(),
});

const FIELDS = ['freeArticleLimit', 'anonymousArticleLimit', 'meteredBenefitCode', 'premiumBenefitCode'] as const;
const BENEFIT_FIELDS = ['meteredBenefitCode', 'premiumBenefitCode'] as const;

/** The cache key of the one settings row. */
const SETTINGS = 'settings';

/**
 * The service-wide settings (row id 1). Read on every meter read, so cached per instance for CACHE_TTL_SECONDS: a
 * change applies on every instance once it commits (Invalidations), within that bound should the notice be lost.
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
    private readonly invalidations: Invalidations,
  ) {
    this.cache = new TtlCache({ ttlMs: env.CACHE_TTL_SECONDS * 1000, maxEntries: 1, clock, jitter: false });
    invalidations.on('settings', this.cache);
  }

  get(): Promise<SettingsView> {
    return this.cache.load(SETTINGS, async () => toView(await this.rows.findOneByOrFail({ id: 1 })));
  }

  async update(actor: Actor, dto: SettingsUpdateDto): Promise<SettingsView> {
    if (FIELDS.every((f) => dto[f] === undefined)) {
      const message = `Give at least one of ${FIELDS.join(', ')}`;
      throw new DomainError('VALIDATION_FAILED', message, [{ message }]);
    }
    return this.tx.run(async (em) => {
      await this.invalidations.publish(em, { cache: 'settings' });
      const row = await em.findOneOrFail(Settings, { where: { id: 1 }, lock: { mode: 'pessimistic_write' } });
      for (const field of BENEFIT_FIELDS) {
        const code = dto[field];
        if (code !== undefined && !(await this.catalog.benefitExists(code, em))) {
          throw new DomainError('UNKNOWN_BENEFIT', `No benefit with code ${code}`, [{ field, message: `No benefit with code ${code}` }]);
        }
      }
      const before = toView(row);
      Object.assign(row, Object.fromEntries(FIELDS.filter((f) => dto[f] !== undefined).map((f) => [f, dto[f]])));
      // Checked on the settings as they would be, so raising both limits at once, or lowering both, works in one call.
      if (row.anonymousArticleLimit !== null && row.anonymousArticleLimit > row.freeArticleLimit) {
        const message = `anonymousArticleLimit (${row.anonymousArticleLimit}) may not exceed freeArticleLimit (${row.freeArticleLimit})`;
        throw new DomainError('ANONYMOUS_LIMIT_ABOVE_FREE_LIMIT', message, [{ field: 'anonymousArticleLimit', message }]);
      }
      const saved = await em.save(row);
      await this.audit.record(em, actor, 'settings.update', 'settings', '1', before, toView(saved));
      return toView(saved);
    });
  }
}
