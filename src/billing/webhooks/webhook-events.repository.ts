import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Not, Repository } from 'typeorm';
import type { StoredEventFields } from '../../stripe/stripe-event.mapper';
import { WebhookEvent, WebhookEventStatus } from './webhook-event.entity';

/** Stored Stripe events (webhook_events): insert once, lock one, mark its outcome. */
@Injectable()
export class WebhookEventsRepository {
  constructor(@InjectRepository(WebhookEvent) private readonly events: Repository<WebhookEvent>) {}

  /** Inserts the event unless its key is stored already; answers whether it was inserted, and the stored status. */
  async insertOnce(row: StoredEventFields, status: WebhookEventStatus, at: Date): Promise<{ inserted: boolean; status: WebhookEventStatus }> {
    const inserted: { status: WebhookEventStatus }[] = await this.events.query(
      `INSERT INTO webhook_events (id, type, status, object_id, payload, raw_body, stripe_created, stripe_created_at, received_at, processed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO NOTHING RETURNING status`,
      [
        row.id,
        row.type,
        status,
        row.objectId,
        JSON.stringify(row.payload),
        row.rawBody,
        row.stripeCreated,
        row.stripeCreatedAt,
        at,
        status === 'ignored' ? at : null,
      ],
    );
    if (inserted.length) return { inserted: true, status };
    const existing = await this.events.findOneOrFail({ where: { id: row.id }, select: { id: true, status: true } });
    return { inserted: false, status: existing.status };
  }

  /** Locks the event's row until the transaction ends; answers its status (undefined when there is no such row). */
  async lockStatus(em: EntityManager, id: string): Promise<WebhookEventStatus | undefined> {
    const [locked] = (await em.query('SELECT status FROM webhook_events WHERE id = $1 FOR UPDATE', [id])) as { status: WebhookEventStatus }[];
    return locked?.status;
  }

  /** The event's row locked until the transaction ends. */
  lockRow(em: EntityManager, id: string): Promise<WebhookEvent> {
    return em.findOneOrFail(WebhookEvent, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async markProcessed(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.update(WebhookEvent, { id }, { status: 'processed', processedAt: at, lastError: null, attempts: () => 'attempts + 1' });
  }

  async markIgnored(id: string, at: Date): Promise<void> {
    await this.events.update({ id }, { status: 'ignored', processedAt: at });
  }

  /** Failed, with the reason, unless a concurrent copy finished it meanwhile (processed is never downgraded). */
  async markFailed(id: string, reason: string): Promise<void> {
    await this.events.update({ id, status: Not('processed') }, { status: 'failed', lastError: reason, attempts: () => 'attempts + 1' });
  }

  findOne(id: string): Promise<WebhookEvent | null> {
    return this.events.findOneBy({ id });
  }

  /** The stored body of an event: the verified bytes where kept, and the payload. */
  body(id: string): Promise<Pick<WebhookEvent, 'id' | 'payload' | 'rawBody'>> {
    return this.events.findOneOrFail({ where: { id }, select: { id: true, payload: true, rawBody: true } });
  }

  /** Newest first. */
  list(status: WebhookEventStatus | undefined, limit: number): Promise<WebhookEvent[]> {
    return this.events.find({ where: status ? { status } : {}, order: { receivedAt: 'DESC', id: 'ASC' }, take: limit });
  }
}
