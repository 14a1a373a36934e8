import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { toStorableText } from '../../common/json-input';
import { Transactions } from '../../database/transactions';
import { parseStripeEvent, redact, StripeClient, type StripeEvent } from '../../stripe/stripe-client';
import { ChargeEventsHandler } from './charge-events.handler';
import { CheckoutEventsHandler } from './checkout-events.handler';
import { InvoiceEventsHandler } from './invoice-events.handler';
import { type StoredEventFields, toStoredEvent } from '../../stripe/stripe-event.mapper';
import { SubscriptionEventsHandler } from './subscription-events.handler';
import type { WebhookEventStatus } from './webhook-event.entity';
import { WebhookEventsRepository } from './webhook-events.repository';
import { WebhookHandler } from './webhook-handler';

/** Processing failed: answered 500 (no internals) so that Stripe delivers the event again. */
export class WebhookProcessingError extends Error {}

export interface IntakeResult {
  /** The key the event is stored under (storedEventId). */
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
    private readonly tx: Transactions,
    private readonly events: WebhookEventsRepository,
    private readonly stripe: StripeClient,
    private readonly clock: Clock,
    subscriptions: SubscriptionEventsHandler,
    invoices: InvoiceEventsHandler,
    checkout: CheckoutEventsHandler,
    charges: ChargeEventsHandler,
  ) {
    for (const h of [subscriptions, invoices, checkout, charges]) for (const type of h.types) this.handlers.set(type, h);
  }

  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<IntakeResult> {
    const event = this.stripe.constructEvent(rawBody, signature);
    const fields = toStoredEvent(event, rawBody!); // constructEvent refuses a missing body
    const stored = await this.store(fields, this.handlers.has(event.type) ? 'received' : 'ignored');
    if (stored.status === 'processed' || stored.status === 'ignored') {
      return { eventId: fields.id, status: stored.status, duplicate: !stored.inserted };
    }
    // New, or stored earlier and never finished (failed / received): Stripe's redelivery completes it.
    const status = await this.process(fields.id, event);
    return { eventId: fields.id, status, duplicate: !stored.inserted };
  }

  /**
   * Inserts the event unless its key is known; returns the stored status. Unhandled types are stored as ignored.
   * Nothing in the row can fail the insert: text PostgreSQL refuses is replaced (the raw body keeps it), and a
   * `created` no timestamp can hold leaves stripe_created_at null.
   */
  private async store(row: StoredEventFields, status: WebhookEventStatus): Promise<{ inserted: boolean; status: WebhookEventStatus }> {
    return this.events.insertOnce(row, status, this.clock.now());
  }

  /**
   * Runs the event's handler and marks it processed in ONE transaction; on failure marks it failed with the
   * (redacted) reason and throws WebhookProcessingError. Used by intake and by the admin replay (`force`: run
   * even if processed). The event row is locked first, so concurrent copies of one event (on any instance) queue
   * up and find it processed: one effect, one Stripe read.
   */
  async process(eventId: string, verified?: StripeEvent, opts: { force?: boolean } = {}): Promise<WebhookEventStatus> {
    // The verified event is what was just stored: no need to read it back.
    const event = verified ?? (await this.storedEvent(eventId));
    const handler = this.handlers.get(event.type);
    if (!handler) {
      await this.events.markIgnored(eventId, this.clock.now());
      return 'ignored';
    }
    try {
      await this.tx.run(async (em) => {
        if ((await this.events.lockStatus(em, eventId)) === 'processed' && !opts.force) return;
        await handler.handle(em, event);
        await this.events.markProcessed(em, eventId, this.clock.now());
      });
      return 'processed';
    } catch (e) {
      // The message may quote the event's own text (an object id with a NUL): make it storable too.
      const reason = toStorableText(redact((e as Error)?.message ?? String(e)));
      this.logger.warn(`Stripe event ${eventId} (${event.type}) failed: ${reason}`);
      // A concurrent copy may have finished it meanwhile: never downgrade processed to failed.
      await this.events
        .markFailed(eventId, reason)
        .catch((markError: unknown) => this.logger.error(`Could not mark event ${eventId} failed: ${redact(String(markError))}`));
      throw new WebhookProcessingError(`Stripe event ${eventId} could not be processed: ${reason}`);
    }
  }

  /**
   * A stored event as Stripe sent it: parsed from the verified bytes where kept (the payload column has unstorable
   * text replaced), else (events stored before the bytes were kept) the payload.
   */
  private async storedEvent(eventId: string): Promise<StripeEvent> {
    const row = await this.events.body(eventId);
    return row.rawBody ? parseStripeEvent(row.rawBody) : (row.payload as unknown as StripeEvent);
  }
}
