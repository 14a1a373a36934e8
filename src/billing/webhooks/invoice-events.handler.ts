import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InvoiceSyncService } from '../invoice-sync.service';
import type { StripeEvent } from '../../stripe/stripe-client';
import { eventObjectId, WebhookHandler } from './webhook-handler';

/** invoice.*: records the invoice in the ledger (and refreshes its subscription) from the re-read invoice. */
@Injectable()
export class InvoiceEventsHandler implements WebhookHandler {
  readonly types = [
    'invoice.paid',
    'invoice.payment_succeeded',
    'invoice.payment_failed',
    'invoice.payment_action_required',
    'invoice.finalized',
    'invoice.voided',
    'invoice.marked_uncollectible',
  ];

  constructor(private readonly sync: InvoiceSyncService) {}

  async handle(em: EntityManager, event: StripeEvent): Promise<void> {
    await this.sync.syncFromStripe(em, eventObjectId(event), event.type);
  }
}
