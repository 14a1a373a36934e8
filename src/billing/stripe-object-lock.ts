import type { EntityManager } from 'typeorm';

/** Namespace of Tollgate's advisory locks on Stripe object ids (the migration lock uses 7301001 alone). */
const STRIPE_OBJECT_LOCK = 7301;

/**
 * Locks one Stripe object (sub_…, in_…) for the rest of the transaction, whether or not its local row exists yet:
 * the row lock `SELECT … FOR UPDATE` gives, extended to the first insert. Everyone who writes the row takes it,
 * then re-reads Stripe, so the last writer always holds the freshest read and a stale event cannot roll state back.
 */
export async function lockStripeObject(em: EntityManager, stripeId: string): Promise<void> {
  await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [STRIPE_OBJECT_LOCK, stripeId]);
}
