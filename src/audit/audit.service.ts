import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThan, Repository } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AuditEntry } from './audit-entry.entity';
import type { AuditLogQueryDto } from './audit.dto';

export interface AuditEntryView {
  id: string;
  seq: number;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: string;
}

/** Records every admin write inside the write's own transaction, so the log and the change commit together. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  async record(
    em: EntityManager,
    actor: Actor,
    action: string,
    entityType: string,
    entityId: string,
    before: object | null,
    after: object | null,
  ): Promise<void> {
    const snapshot = (v: object | null) => (v ? (JSON.parse(JSON.stringify(v)) as Record<string, unknown>) : null);
    await em.save(AuditEntry, {
      actor: actor.name,
      actorKeyId: actor.keyId,
      action,
      entityType,
      entityId,
      before: snapshot(before),
      after: snapshot(after),
    });
  }

  /** Newest first (by seq); `beforeSeq` is the paging cursor, `before` an instant to filter by. */
  async list(query: AuditLogQueryDto): Promise<AuditEntryView[]> {
    const rows = await this.entries.find({
      where: {
        ...(query.beforeSeq ? { seq: LessThan(query.beforeSeq) } : {}),
        ...(query.before ? { createdAt: LessThan(new Date(query.before)) } : {}),
        ...(query.entityType ? { entityType: query.entityType } : {}),
        ...(query.entityId ? { entityId: query.entityId } : {}),
      },
      order: { seq: 'DESC' },
      take: query.limit ?? 100,
    });
    return rows.map((r) => ({
      id: r.id,
      seq: r.seq,
      actor: r.actor,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
