import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One event of the transactional outbox, written in the transaction of the change it reports (OutboxWriter). */
@Entity('outbox_events')
@Index('ix_outbox_events_not_fanned_out', ['createdAt'], { where: '"fanned_out" = false' })
export class OutboxEvent {
  /** `evt_` and 24 hex digits: the id receivers see (the body's `id`, the `Tollgate-Event-Id` header). */
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  type: string;

  @Column('jsonb')
  data: object;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  /** Set once the event has a delivery row for every endpoint subscribed to it at that time. */
  @Column('boolean', { name: 'fanned_out', default: false })
  fannedOut: boolean;
}
