import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type WebhookEventStatus = 'received' | 'processed' | 'failed' | 'ignored';

/** A verified Stripe event, stored once under its Stripe id before it is acted on. */
@Entity('webhook_events')
@Index('ix_webhook_events_status_received', ['status', 'receivedAt'])
export class WebhookEvent {
  /** Stripe's event id (evt_...). */
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  type: string;

  @Column('text', { default: 'received' })
  status: WebhookEventStatus;

  /** Id of the object the event names (sub_..., in_..., cs_...). */
  @Column('text', { name: 'object_id', nullable: true })
  objectId: string | null;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'stripe_created_at' })
  stripeCreatedAt: Date;

  @Column('timestamptz', { name: 'received_at', default: () => 'now()' })
  receivedAt: Date;

  @Column('timestamptz', { name: 'processed_at', nullable: true })
  processedAt: Date | null;
}
