import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Transactions } from '../database/transactions';
import type { Actor } from '../auth/actor';
import { afterCommit } from '../common/after-commit';
import { DomainError } from '../common/errors';
import { Benefit } from './benefit.entity';
import type { BenefitAdminResponseDto, BenefitCreateDto, BenefitUpdateDto } from './catalog.dto';
import { CatalogRepository } from './catalog.repository';
import { benefitSnapshot, toBenefitAdminView } from './catalog.views';
import { PublicCatalogService } from './public-catalog.service';
import { uniqueViolation } from './unique-violation';

const codeTaken = (code: string) => new DomainError('BENEFIT_CODE_TAKEN', `A benefit with code "${code}" already exists`);

/** Benefits: what plans include. Codes are permanent (grants and the meter refer to them); names may change. */
@Injectable()
export class BenefitsService {
  constructor(
    @InjectRepository(Benefit) private readonly benefits: Repository<Benefit>,
    private readonly tx: Transactions,
    private readonly repo: CatalogRepository,
    private readonly audit: AuditService,
    private readonly publicCatalog: PublicCatalogService,
  ) {}

  async list(): Promise<BenefitAdminResponseDto[]> {
    const rows = await this.benefits.find({ order: { code: 'ASC' } });
    return rows.map(toBenefitAdminView);
  }

  async get(code: string): Promise<BenefitAdminResponseDto> {
    return toBenefitAdminView(await this.repo.getBenefit(code));
  }

  async create(actor: Actor, dto: BenefitCreateDto): Promise<BenefitAdminResponseDto> {
    try {
      const saved = await this.tx.run(async (em) => {
        if (await em.exists(Benefit, { where: { code: dto.code } })) throw codeTaken(dto.code);
        const benefit = await em.save(em.create(Benefit, { code: dto.code, name: dto.name, description: dto.description ?? '' }));
        await this.audit.record(em, actor, 'benefit.create', 'benefit', benefit.code, null, benefitSnapshot(benefit));
        return benefit;
      });
      return toBenefitAdminView(saved);
    } catch (err) {
      // Two admins creating the same code at once: the unique index decides.
      if (uniqueViolation(err) !== null) throw codeTaken(dto.code);
      throw err;
    }
  }

  async update(actor: Actor, code: string, dto: BenefitUpdateDto): Promise<BenefitAdminResponseDto> {
    const updated = await this.tx.run(async (em) => {
      // A renamed benefit shows in every plan of the public catalog.
      afterCommit(em, () => this.publicCatalog.invalidate());
      const benefit = await em.findOne(Benefit, { where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!benefit) throw new DomainError('BENEFIT_NOT_FOUND', `No benefit with code "${code}"`);
      const before = benefitSnapshot(benefit);
      if (dto.name !== undefined) benefit.name = dto.name;
      if (dto.description !== undefined) benefit.description = dto.description;
      if (JSON.stringify(before) === JSON.stringify(benefitSnapshot(benefit))) return benefit;
      const saved = await em.save(benefit);
      await this.audit.record(em, actor, 'benefit.update', 'benefit', code, before, benefitSnapshot(saved));
      return saved;
    });
    return toBenefitAdminView(updated);
  }
}
