import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not } from 'typeorm';
import { Clock } from '../../common/clock';
import { redact, StripeClient, type StripeEvent } from '../stripe/stripe-client';
import { CheckoutEventsHandler } from './checkout-events.handler';
import { InvoiceEventsHandler } from './invoice-events.handler';
import { SubscriptionEventsHandler } from './subscription-events.handler';
import { WebhookEvent, WebhookEventStatus } from './webhook-event.entity';
import { WebhookHandler } from './webhook-handler';

/** Processing failed: answered 500 (no internals) so that Stripe delivers the event again. */
export class WebhookProcessingError extends Error {}

export interface IntakeResult {
  eventId: string;
  status: WebhookEventStatus;
  duplicate: boolean;
}

/**
 * Stripe webhook intake: verify, store once, then process. Storing comes first and on its own, so an event is never
 * lost: if processing fails it stays (failed, or received when the database itself was gone) and the next delivery
 * or an admin replay finishes it. A duplicate of a finished event changes nothing.
 */
@Injectable()
export class WebhookIntakeService {
  private readonly logger = new Logger(WebhookIntakeService.name);
  private readonly handlers = new Map<string, WebhookHandler>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stripe: StripeClient,
    private readonly clock: Clock,
    subscriptions: SubscriptionEventsHandler,
    invoices: InvoiceEventsHandler,
    checkout: CheckoutEventsHandler,
  ) {
    for (const h of [subscriptions, invoices, checkout]) for (const type of h.types) this.handlers.set(type, h);
  }

  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<IntakeResult> {
    const event = this.stripe.constructEvent(rawBody, signature);
    const stored = await this.store(event);
    if (stored.status === 'processed' || stored.status === 'ignored') {
      return { eventId: event.id, status: stored.status, duplicate: !stored.inserted };
    }
    // New, or stored earlier and never finished (failed / received): Stripe's redelivery completes it.
    const status = await this.process(event.id, event);
    return { eventId: event.id, status, duplicate: !stored.inserted };
  }

  /** Inserts the event unless its id is known; returns the stored status. Unhandled types are stored as ignored. */
  private async store(event: StripeEvent): Promise<{ inserted: boolean; status: WebhookEventStatus }> {
    const status: WebhookEventStatus = this.handlers.has(event.type) ? 'received' : 'ignored';
    const objectId = (event.data.object as { id?: unknown }).id;
    const inserted: { status: WebhookEventStatus }[] = await this.dataSource.query(
      `INSERT INTO webhook_events (id, type, status, object_id, payload, stripe_created_at, received_at, processed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO NOTHING RETURNING status`,
      [
        event.id,
        event.type,
        status,
        typeof objectId === 'string' ? objectId : null,
        JSON.stringify(event),
        new Date(event.created * 1000),
        this.clock.now(),
        status === 'ignored' ? this.clock.now() : null,
      ],
    );
    if (inserted.length) return { inserted: true, status };
    const existing = await this.dataSource.getRepository(WebhookEvent).findOneOrFail({ where: { id: event.id }, select: { id: true, status: true } });
    return { inserted: false, status: existing.status };
  }

  /**
   * Runs the event's handler and marks it processed in ONE transaction; on failure marks it failed with the
   * (redacted) reason and throws WebhookProcessingError. Used by intake and by the admin replay (`force`: run
   * even if processed). The event row is locked first, so concurrent copies of one event (on any instance) queue
   * up and find it processed: one effect, one Stripe read.
   */
  async process(eventId: string, verified?: StripeEvent, opts: { force?: boolean } = {}): Promise<WebhookEventStatus> {
    const repo = this.dataSource.getRepository(WebhookEvent);
    // The verified event is the stored payload (same id): no need to read it back.
    const stored = verified ? { type: verified.type, payload: verified } : await repo.findOneByOrFail({ id: eventId });
    const handler = this.handlers.get(stored.type);
    if (!handler) {
      await repo.update({ id: eventId }, { status: 'ignored', processedAt: this.clock.now() });
      return 'ignored';
    }
    try {
      await this.dataSource.transaction(async (em) => {
        const [locked] = (await em.query('SELECT status FROM webhook_events WHERE id = $1 FOR UPDATE', [eventId])) as { status: WebhookEventStatus }[];
        if (locked?.status === 'processed' && !opts.force) return;
        await handler.handle(em, stored.payload as unknown as StripeEvent);
        await em.update(
          WebhookEvent,
          { id: eventId },
          { status: 'processed', processedAt: this.clock.now(), lastError: null, attempts: () => 'attempts + 1' },
        );
      });
      return 'processed';
    } catch (e) {
      const reason = redact((e as Error)?.message ?? String(e));
      this.logger.warn(`Stripe event ${eventId} (${stored.type}) failed: ${reason}`);
      // A concurrent copy may have finished it meanwhile: never downgrade processed to failed.
      await repo
        .update({ id: eventId, status: Not('processed') }, { status: 'failed', lastError: reason, attempts: () => 'attempts + 1' })
        .catch((markError: unknown) => this.logger.error(`Could not mark event ${eventId} failed: ${redact(String(markError))}`));
      throw new WebhookProcessingError(`Stripe event ${eventId} could not be processed: ${reason}`);
    }
  }
}
