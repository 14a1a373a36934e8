import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Subscription } from './subscription.entity';

/** A subscription row upserted from Stripe's state, inside the writer's transaction (under the subscription's lock). */
export interface SubscriptionStored {
  em: EntityManager;
  stripeSubscriptionId: string;
  /** The user it is linked to now, or null. */
  userId: string | null;
  /** The user it was linked to before this write (null for a new row or an unlinked one). */
  previousUserId: string | null;
  /** The row as it was before this write (a copy; null for a new row). */
  previous: Readonly<Subscription> | null;
  /** The row as written. */
  current: Readonly<Subscription>;
}

export type SubscriptionStoredListener = (event: SubscriptionStored) => Promise<void> | void;

/**
 * The subscriptions module's seam for what other modules do when a subscription changes: the entitlements cache
 * forgets the users (after the commit), billing links the invoices recorded before the subscription had a user (in
 * the same transaction). Those modules import subscriptions, never the reverse, and register in their constructors.
 * Listeners are awaited in order; one that throws fails the write (the transaction rolls back and Stripe retries).
 */
@Injectable()
export class SubscriptionEvents {
  private readonly listeners: SubscriptionStoredListener[] = [];

  onStored(listener: SubscriptionStoredListener): void {
    this.listeners.push(listener);
  }

  async stored(event: SubscriptionStored): Promise<void> {
    for (const listener of this.listeners) await listener(event);
  }
}
