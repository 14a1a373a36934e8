import { EventSubscriber } from 'typeorm';
import type { EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

const PENDING = 'tollgate.afterCommit';

/**
 * Runs `fn` once the transaction `em` belongs to has committed (at once when `em` is in no transaction); never after a
 * rollback. The one way a writer invalidates a cache: dropping an entry inside the transaction is not enough, since a
 * read between that moment and the commit would reload the old row and keep it for CACHE_TTL_SECONDS. Needs
 * AfterCommitSubscriber on the DataSource.
 */
export function afterCommit(em: EntityManager, fn: () => void): void {
  const runner = em.queryRunner;
  if (!runner?.isTransactionActive) return fn();
  const pending: (() => void)[] = (runner.data[PENDING] ??= []);
  pending.push(fn);
}

/** Runs the afterCommit callbacks of a transaction when its outermost commit is done (a savepoint release is not one). */
@EventSubscriber()
export class AfterCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    const pending = runner.data?.[PENDING] as (() => void)[] | undefined;
    if (!pending || runner.isTransactionActive) return;
    delete runner.data[PENDING];
    for (const fn of pending) fn();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const runner = event.queryRunner;
    if (runner.data && !runner.isTransactionActive) delete runner.data[PENDING];
  }
}
