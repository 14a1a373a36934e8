import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
@Index('ix_audit_log_created_at', ['createdAt'])
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
