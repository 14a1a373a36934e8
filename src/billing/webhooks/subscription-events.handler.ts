import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StripeEvent } from '../../stripe/stripe-client';
import { SubscriptionSyncService } from '../../subscriptions/subscription-sync.service';
import { eventObjectId, WebhookHandler } from './webhook-handler';

/** customer.subscription.*: the event only says which subscription changed; Stripe's current object is the truth. */
@Injectable()
export class SubscriptionEventsHandler implements WebhookHandler {
  readonly types = [
    'customer.subscription.created',
    'customer.subscription.updated',
    'customer.subscription.deleted',
    'customer.subscription.paused',
    'customer.subscription.resumed',
    'customer.subscription.pending_update_applied',
    'customer.subscription.pending_update_expired',
    'customer.subscription.trial_will_end',
  ];

  constructor(private readonly sync: SubscriptionSyncService) {}

  async handle(em: EntityManager, event: StripeEvent): Promise<void> {
    await this.sync.syncFromStripe(em, eventObjectId(event));
  }
}
