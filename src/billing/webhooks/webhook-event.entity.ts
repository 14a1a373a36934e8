import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type WebhookEventStatus = 'received' | 'processed' | 'failed' | 'ignored';

/** A verified Stripe event, stored once under its Stripe id before it is acted on. */
@Entity('webhook_events')
@Index('ix_webhook_events_status_received', ['status', 'receivedAt'])
export class WebhookEvent {
  /** Stripe's event id (evt_...), or a digest of it when it holds text PostgreSQL refuses (storedEventId). */
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  type: string;

  @Column('text', { default: 'received' })
  status: WebhookEventStatus;

  /** Id of the object the event names (sub_..., in_..., cs_...). */
  @Column('text', { name: 'object_id', nullable: true })
  objectId: string | null;

  /** The event as jsonb can hold it: NUL and unpaired surrogates replaced by U+FFFD (rawBody has the original). */
  @Column('jsonb')
  payload: Record<string, unknown>;

  /** The verified request body, byte for byte; null for events stored before it was kept. Not loaded unless asked for. */
  @Column('bytea', { name: 'raw_body', nullable: true, select: false })
  rawBody: Buffer | null;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  /** Stripe's `created` (unix seconds) exactly as received. */
  @Column('double precision', { name: 'stripe_created' })
  stripeCreated: number;

  /** `created` as a timestamp; null when it lies outside years 1-9999 (storableTimestamp). */
  @Column('timestamptz', { name: 'stripe_created_at', nullable: true })
  stripeCreatedAt: Date | null;

  @Column('timestamptz', { name: 'received_at', default: () => 'now()' })
  receivedAt: Date;

  @Column('timestamptz', { name: 'processed_at', nullable: true })
  processedAt: Date | null;
}
