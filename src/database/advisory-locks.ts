import type { EntityManager } from 'typeorm';

/**
 * Every PostgreSQL advisory lock Tollgate takes, in one place so no two uses collide. A one-key lock is a number of
 * its own; a two-key lock is a namespace plus a key hashed from a string (hashtext).
 */
export const ADVISORY_LOCKS = {
  /** Session lock around the migrations, so two starting instances do not race. */
  migrations: 7301001,
  /** The first start's admin key: two processes starting on one database must not both mint one. */
  firstAdminKey: 7301002,
  /** Namespace of the locks on Stripe object ids (sub_…, in_…). */
  stripeObject: 7301,
} as const;

/** Takes the lock until the transaction `em` belongs to ends (PGlite has one connection: it is granted at once). */
export async function advisoryXactLock(em: EntityManager, lock: number, key?: string): Promise<void> {
  if (key === undefined) await em.query('SELECT pg_advisory_xact_lock($1)', [lock]);
  else await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lock, key]);
}
