import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from '../common/transformers';

@Entity('audit_log')
@Index('ix_audit_log_created_at', ['createdAt'])
@Index('uq_audit_log_seq', ['seq'], { unique: true })
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /**
   * Drawn at insert, which every writer does after locking the row it changes: for one row, seq order is commit
   * order. The log is listed and paged by it.
   */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS', transformer: bigintNumber })
  seq: number;

  /** Name of the API key (or "cli") that made the change. */
  @Column('text')
  actor: string;

  @Column('uuid', { name: 'actor_key_id', nullable: true })
  actorKeyId: string | null;

  /** Dotted verb, e.g. "plan.create", "plan.price.create", "grant.revoke". */
  @Column('text')
  action: string;

  @Column('text', { name: 'entity_type' })
  entityType: string;

  @Column('text', { name: 'entity_id' })
  entityId: string;

  @Column('jsonb', { nullable: true })
  before: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  after: Record<string, unknown> | null;

  /** The clock at insert (not now(), the transaction's start, which comes before the wait for the row lock). */
  @Column('timestamptz', { name: 'created_at', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
