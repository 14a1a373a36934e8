import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { CatalogRepository } from '../catalog/catalog.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { Transactions } from '../database/transactions';
import { OutboxWriter } from '../events/outbox-writer';
import { EntitlementsCache } from './entitlements-cache';
import type { GrantCreateDto } from './entitlements.dto';
import { Grant } from './grant.entity';
import { UUID_PATTERN } from '../common/ids';

export interface GrantView {
  id: string;
  userId: string;
  benefitCode: string;
  expiresAt: string;
  reason: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

const toView = (g: Grant): GrantView => ({
  id: g.id,
  userId: g.userId,
  benefitCode: g.benefitCode,
  expiresAt: g.expiresAt.toISOString(),
  reason: g.reason,
  createdAt: g.createdAt.toISOString(),
  createdBy: g.createdBy,
  revokedAt: g.revokedAt?.toISOString() ?? null,
});

/** Staff grants: complimentary or goodwill access to one benefit until a date. Audited; revocation is a soft delete. */
@Injectable()
export class GrantsService {
  constructor(
    @InjectRepository(Grant) private readonly grants: Repository<Grant>,
    private readonly tx: Transactions,
    private readonly catalog: CatalogRepository,
    private readonly audit: AuditService,
    private readonly cache: EntitlementsCache,
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(actor: Actor, userId: string, dto: GrantCreateDto): Promise<GrantView> {
    const expiresAt = new Date(dto.expiresAt);
    if (expiresAt.getTime() <= this.clock.now().getTime()) {
      throw new DomainError('VALIDATION_FAILED', 'expiresAt must be in the future', [
        { field: 'expiresAt', message: 'expiresAt must be in the future' },
      ]);
    }
    return this.tx.run(async (em) => {
      await this.cache.invalidate(em, userId);
      if (!(await this.catalog.benefitExists(dto.benefitCode, em))) {
        throw new DomainError('UNKNOWN_BENEFIT', `No benefit with code ${dto.benefitCode}`, [
          { field: 'benefitCode', message: `No benefit with code ${dto.benefitCode}` },
        ]);
      }
      const grant = await em.save(
        em.create(Grant, { userId, benefitCode: dto.benefitCode, expiresAt, reason: dto.reason, createdBy: actor.name, revokedAt: null }),
      );
      await this.audit.record(em, actor, 'grant.create', 'grant', grant.id, null, toView(grant));
      await this.outbox.write(em, 'grant.created', { userId, grant: toView(grant) });
      await this.outbox.write(em, 'entitlements.changed', { userId, cause: 'grant.created', grantId: grant.id });
      return toView(grant);
    });
  }

  async list(userId: string): Promise<GrantView[]> {
    const grants = await this.grants.find({ where: { userId }, order: { createdAt: 'DESC', id: 'ASC' } });
    return grants.map(toView);
  }

  /** Revokes a grant of this user; revoking it again changes nothing. */
  async revoke(actor: Actor, userId: string, id: string): Promise<void> {
    const notFound = () => new DomainError('GRANT_NOT_FOUND', `User ${userId} has no grant with id ${id}`);
    if (!UUID_PATTERN.test(id)) throw notFound();
    await this.tx.run(async (em) => {
      await this.cache.invalidate(em, userId);
      const grant = await em.findOne(Grant, { where: { id, userId }, lock: { mode: 'pessimistic_write' } });
      if (!grant) throw notFound();
      if (grant.revokedAt) return;
      const before = toView(grant);
      grant.revokedAt = this.clock.now();
      await em.save(grant);
      await this.audit.record(em, actor, 'grant.revoke', 'grant', grant.id, before, toView(grant));
      await this.outbox.write(em, 'grant.revoked', { userId, grant: toView(grant) });
      await this.outbox.write(em, 'entitlements.changed', { userId, cause: 'grant.revoked', grantId: grant.id });
    });
  }
}
