import type { EntityManager, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { afterCommit, AfterCommitSubscriber } from './after-commit';

/** A query runner as TypeORM's transaction leaves it: `isTransactionActive` false once the outermost commit is done. */
function fakeTransaction() {
  const runner = { isTransactionActive: true, data: {} as Record<string, unknown> };
  const em = { queryRunner: runner } as unknown as EntityManager;
  const event = { queryRunner: runner } as unknown as TransactionCommitEvent & TransactionRollbackEvent;
  return { runner, em, event };
}

describe('afterCommit', () => {
  const subscriber = new AfterCommitSubscriber();

  it('runs at once outside a transaction', () => {
    const fn = jest.fn();
    afterCommit({ queryRunner: undefined } as unknown as EntityManager, fn);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('runs once the outermost commit is done, not at a savepoint release, and only once', () => {
    const { runner, em, event } = fakeTransaction();
    const fn = jest.fn();
    afterCommit(em, fn);
    subscriber.afterTransactionCommit(event); // a nested transaction's savepoint: still active
    expect(fn).not.toHaveBeenCalled();
    runner.isTransactionActive = false;
    subscriber.afterTransactionCommit(event);
    subscriber.afterTransactionCommit(event);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('never runs after a rollback', () => {
    const { runner, em, event } = fakeTransaction();
    const fn = jest.fn();
    afterCommit(em, fn);
    runner.isTransactionActive = false;
    subscriber.afterTransactionRollback(event);
    subscriber.afterTransactionCommit(event);
    expect(fn).not.toHaveBeenCalled();
  });
});
