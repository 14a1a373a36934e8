import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { PlanTax } from '../catalog/plan-tax';
import { PublicCatalogService } from '../catalog/public-catalog.service';
import { afterCommit } from '../common/after-commit';
import { DomainError } from '../common/errors';
import { Transactions } from '../database/transactions';
import { gstinProblem } from './domain/gstin';
import { DEFAULT_RATE_PERCENT, DEFAULT_SAC_CODE } from './domain/tax-document';
import { TaxSettings } from './tax-settings.entity';
import type { TaxSettingsPutDto, TaxSettingsResponseDto } from './tax.dto';
import { planTaxView, ratePercentOf, toTaxSettingsView } from './tax-views';

/** A GSTIN that fails the rules: 400 INVALID_GSTIN, naming the field and the rule. */
export function assertGstin(gstin: string, stateCode: string): void {
  const problem = gstinProblem(gstin, stateCode);
  if (problem) throw new DomainError('INVALID_GSTIN', problem, [{ field: 'gstin', message: problem }]);
}

/** The publisher's GST registration (row id 1): edited by billing staff (audited), shown on every plan's price. */
@Injectable()
export class TaxSettingsService implements OnModuleInit {
  constructor(
    @InjectRepository(TaxSettings) private readonly rows: Repository<TaxSettings>,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly catalog: PublicCatalogService,
    private readonly planTax: PlanTax,
  ) {}

  onModuleInit(): void {
    this.planTax.provide(async () => {
      const settings = await this.rows.findOneBy({ id: 1 });
      return settings ? (price) => planTaxView(price, ratePercentOf(settings.rateBp)) : null;
    });
  }

  async get(): Promise<TaxSettingsResponseDto> {
    const row = await this.rows.findOneBy({ id: 1 });
    if (!row) throw new DomainError('TAX_SETTINGS_NOT_FOUND', 'No tax settings yet: PUT /v1/admin/tax-settings');
    return toTaxSettingsView(row);
  }

  /** Replaces the settings (left-out rate and SAC take their defaults); the catalog's ETag moves on commit. */
  async put(actor: Actor, dto: TaxSettingsPutDto): Promise<TaxSettingsResponseDto> {
    assertGstin(dto.gstin, dto.stateCode);
    return this.tx.run(async (em) => {
      afterCommit(em, () => this.catalog.invalidate());
      const existing = await em.findOne(TaxSettings, { where: { id: 1 }, lock: { mode: 'pessimistic_write' } });
      const before = existing ? toTaxSettingsView(existing) : null;
      const values = {
        id: 1,
        gstin: dto.gstin,
        legalName: dto.legalName,
        address: dto.address,
        stateCode: dto.stateCode,
        rateBp: Math.round((dto.ratePercent ?? DEFAULT_RATE_PERCENT) * 100),
        sacCode: dto.sacCode ?? DEFAULT_SAC_CODE,
        invoicePrefix: dto.invoicePrefix,
      };
      // An upsert: two first PUTs at once both land (the later one wins) instead of one failing on the key.
      await em.upsert(TaxSettings, values, ['id']);
      const saved = await em.findOneOrFail(TaxSettings, { where: { id: 1 } });
      const after = toTaxSettingsView(saved);
      await this.audit.record(em, actor, 'tax_settings.update', 'tax_settings', '1', before, after);
      return after;
    });
  }
}
