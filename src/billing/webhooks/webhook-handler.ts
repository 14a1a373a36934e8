import type { EntityManager } from 'typeorm';
import type { StripeEvent } from '../stripe/stripe-client';

/** One family of Stripe events: acts inside the transaction that also marks the event processed. */
export interface WebhookHandler {
  readonly types: readonly string[];
  handle(em: EntityManager, event: StripeEvent): Promise<void>;
}

/** The id of the object an event names (sub_…, in_…, cs_…). */
export function eventObjectId(event: StripeEvent): string {
  return (event.data.object as { id: string }).id;
}
