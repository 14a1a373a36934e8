import type { EntityManager } from 'typeorm';
import { ADVISORY_LOCKS, advisoryXactLock } from '../database/advisory-locks';

/**
 * Locks one Stripe object (sub_…, in_…) for the rest of the transaction, whether or not its local row exists yet:
 * the row lock `SELECT … FOR UPDATE` gives, extended to the first insert. Everyone who writes the row takes it,
 * then re-reads Stripe, so the last writer always holds the freshest read and a stale event cannot roll state back.
 */
export function lockStripeObject(em: EntityManager, stripeId: string): Promise<void> {
  return advisoryXactLock(em, ADVISORY_LOCKS.stripeObject, stripeId);
}
