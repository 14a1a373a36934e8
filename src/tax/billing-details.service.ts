import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/errors';
import { Transactions } from '../database/transactions';
import { BillingDetails } from './billing-details.entity';
import type { BillingDetailsPutDto, BillingDetailsResponseDto } from './tax.dto';
import { assertGstin } from './tax-settings.service';
import { toBillingDetailsView } from './tax-views';

/** A reader's billing details (their state and, for a business, GSTIN), copied onto each tax invoice when issued. */
@Injectable()
export class BillingDetailsService {
  constructor(
    @InjectRepository(BillingDetails) private readonly rows: Repository<BillingDetails>,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
  ) {}

  async get(userId: string): Promise<BillingDetailsResponseDto> {
    const row = await this.rows.findOneBy({ userId });
    if (!row) throw new DomainError('BILLING_DETAILS_NOT_FOUND', `No billing details for user ${userId}`);
    return toBillingDetailsView(row);
  }

  /** Replaces them (a left-out gstin or address is cleared). Issued documents keep what they were issued with. */
  async put(actor: Actor, userId: string, dto: BillingDetailsPutDto): Promise<BillingDetailsResponseDto> {
    if (dto.gstin !== undefined) assertGstin(dto.gstin, dto.stateCode);
    return this.tx.run(async (em) => {
      const existing = await em.findOne(BillingDetails, { where: { userId }, lock: { mode: 'pessimistic_write' } });
      const before = existing ? toBillingDetailsView(existing) : null;
      await em.upsert(BillingDetails, { userId, name: dto.name, stateCode: dto.stateCode, gstin: dto.gstin ?? null, address: dto.address ?? null }, [
        'userId',
      ]);
      const after = toBillingDetailsView(await em.findOneOrFail(BillingDetails, { where: { userId } }));
      await this.audit.record(em, actor, 'billing_details.update', 'billing_details', userId, before, after);
      return after;
    });
  }
}
