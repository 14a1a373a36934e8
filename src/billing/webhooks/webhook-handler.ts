import type { EntityManager } from 'typeorm';
import { isUnstorableText, toStorableText } from '../../common/json-input';
import type { StripeEvent } from '../../stripe/stripe-client';

/** One family of Stripe events: acts inside the transaction that also marks the event processed. */
export interface WebhookHandler {
  readonly types: readonly string[];
  handle(em: EntityManager, event: StripeEvent): Promise<void>;
}

/**
 * The id of the object an event names (sub_…, in_…, cs_…). Throws (the event is then marked failed, with this as
 * the reason) when it is not text Stripe's ids are made of: no object could be read or stored under it.
 */
export function eventObjectId(event: StripeEvent): string {
  const id = (event.data.object as { id?: unknown }).id;
  if (typeof id !== 'string' || !id) throw new Error('The event names no object id');
  if (isUnstorableText(id)) {
    throw new Error(`The event names object id "${toStorableText(id)}", which holds a NUL or an unpaired UTF-16 surrogate (shown as U+FFFD)`);
  }
  return id;
}
